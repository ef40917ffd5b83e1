"""Sync through a central outage: desk processes keep writing and syncing while the center is away.

    result = run_outage(workdir, central_url, take_away, bring_back, desks=20,
                        before_s=30, outage_s=120, after_s=30)

``desks`` processes (bench.chaos_writer, each its own SQLite working copy, the real storage.sync)
write tickets, recordings' metadata and knowledge articles and sync every few seconds; after ``before_s`` the center is
taken away (``take_away()``: the bench stops its own PostgreSQL cluster with pg_ctl, the test cuts
a TCP proxy), for ``outage_s``; then it comes back (``bring_back()``) and the desks go on for
``after_s``. Then every desk drains its outbox, and once all have, pulls to the center's last
change. Read straight from the databases afterwards:

- lost: events, tickets, recordings and articles written on a desk that the center does not hold;
- duplicated: change-log rows for the same change, events logged twice, ticket numbers held twice,
  recordings held twice for one interaction, a recording's Call-ID listed twice;
- diverged: desks whose events, tickets (their folded views), recordings (their facts, state and
  Call-IDs) or articles differ from the center's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from storage.db import engine_for, upgrade
from storage.demo import load_demo
from storage.recording_tables import RecordingCallRow, RecordingRow
from storage.tables import ArticleRow, ArticleVersionRow, ChangeRow, EventRow, OutboxRow, TicketRow

UNIT_CODES_LEVEL = 2


def prepare_central(url: str) -> list[str]:
    """Upgrade and seed the center; the ids of the units desks dispatch to."""
    upgrade(url)
    engine = engine_for(url)
    try:
        load_demo(engine, role="center")
        from storage.uow import UnitOfWork

        with UnitOfWork(engine) as uow:
            return [u.id for u in uow.units.all() if u.level >= UNIT_CODES_LEVEL][:12]
    finally:
        engine.dispose()


def _template(folder: Path) -> Path:
    """A desk working copy with the demo city and nothing in its outbox."""
    path = folder / "template.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = engine_for(url)
    try:
        load_demo(engine)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM outbox"))
    finally:
        engine.dispose()
    return path


def _wait_for(paths: list[Path], timeout: float, procs: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(p.exists() for p in paths):
            return
        if all(proc.poll() is not None for proc in procs):
            return
        time.sleep(0.5)


def run_outage(workdir: Path, central_url: str, take_away: Callable[[], None], bring_back: Callable[[], None],
               *, desks: int = 20, before_s: float = 30, outage_s: float = 120, after_s: float = 30,
               write_every: float = 1.0, say: Callable[[str], None] = print,
               direct_url: str | None = None) -> dict[str, Any]:
    """Run the drill (see the module docstring); the counts.

    The desks reach the center at ``central_url``; seeding and the final check read ``direct_url``
    (default: the same), so a test can put a proxy it cuts between the desks and the server.
    """
    direct_url = direct_url or central_url
    workdir.mkdir(parents=True, exist_ok=True)
    control = workdir / "control"
    control.mkdir(exist_ok=True)
    units = prepare_central(direct_url)
    template = _template(workdir)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]),
                                                                     os.environ.get("PYTHONPATH", "")) if p))
    lifetime = before_s + outage_s + after_s + 600
    procs: list[subprocess.Popen[bytes]] = []
    urls: dict[str, str] = {}
    try:
        for i in range(desks):
            origin = f"desk-{i:02d}"
            db = workdir / f"{origin}.sqlite3"
            shutil.copyfile(template, db)
            urls[origin] = f"sqlite:///{db}"
            with open(workdir / f"{origin}.log", "wb") as log:
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "bench.chaos_writer", "--db", urls[origin], "--central", central_url,
                     "--origin", origin, "--seat", f"{i + 100:03d}", "--units", ",".join(units),
                     "--control", str(control), "--seed", str(i + 1), "--write-every", str(write_every),
                     "--lifetime", str(lifetime)], env=env, stdout=log, stderr=subprocess.STDOUT))
        t0 = time.monotonic()
        time.sleep(before_s)
        take_away()
        down_at = time.monotonic()
        say(f"  center taken away at {down_at - t0:.0f} s; desks keep writing for {outage_s:.0f} s")
        time.sleep(outage_s)
        bring_back()
        outage = time.monotonic() - down_at
        say(f"  center back after {outage:.0f} s")
        time.sleep(after_s)
        (control / "stop").write_text("")
        drain_t0 = time.monotonic()
        _wait_for([control / f"{o}.drained" for o in urls], 600, procs)
        drained_s = time.monotonic() - drain_t0
        (control / "final").write_text("")
        for proc in procs:
            proc.wait(timeout=600)
    finally:
        (control / "stop").write_text("")
        (control / "final").write_text("")
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
    reports = [json.loads((control / f"{o}.json").read_text()) if (control / f"{o}.json").exists() else
               {"origin": o, "missing": True} for o in urls]
    result = check(direct_url, urls, reports)
    result.update(outage_s=round(outage, 1), drain_s=round(drained_s, 1),
                  exit_codes=sorted({p.returncode for p in procs}),
                  sync_failures=sum(r.get("sync_failed", 0) for r in reports))
    return result


def _snapshot(url: str) -> dict[str, Any]:
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            events = dict(conn.execute(select(EventRow.id, EventRow.ticket_id)).all())
            tickets = {r.id: (r.number, json.dumps(r.view, sort_keys=True, default=str))
                       for r in conn.execute(select(TicketRow.id, TicketRow.number, TicketRow.view))}
            articles = {r.id: (r.status, r.revision) for r in conn.execute(
                select(ArticleRow.id, ArticleRow.status, ArticleRow.revision))}
            versions = {(r.article_id, r.version) for r in conn.execute(
                select(ArticleVersionRow.article_id, ArticleVersionRow.version))}
            legs: dict[str, list[str]] = {}
            for rid, call_id in conn.execute(select(RecordingCallRow.recording_id, RecordingCallRow.call_id)):
                legs.setdefault(rid, []).append(call_id)
            recordings = {r.id: (r.interaction_id, r.store_path, r.sha256, r.size_bytes, r.state, r.origin,
                                 tuple(sorted(r.call_ids or [])), tuple(sorted(legs.get(r.id, []))),
                                 r.uploaded_at is not None)
                          for r in conn.execute(select(RecordingRow))}
            outbox = conn.scalar(select(func.count()).select_from(OutboxRow)) or 0
        return {"events": events, "tickets": tickets, "articles": articles, "versions": versions,
                "recordings": recordings, "outbox": outbox}
    finally:
        engine.dispose()


def check(central_url: str, desks: dict[str, str], reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Lost, duplicated and diverged, read from the center and every desk's copy."""
    center = _snapshot(central_url)
    wrote_tickets = {t for r in reports for t in r.get("wrote", {}).get("tickets", [])}
    wrote_articles = {a for r in reports for a in r.get("wrote", {}).get("articles", [])}
    wrote_recordings = {a for r in reports for a in r.get("wrote", {}).get("recordings", [])}
    wrote_events: set[str] = set()
    diverged: list[str] = []
    pending = 0
    for origin, url in desks.items():
        snap = _snapshot(url)
        wrote_events |= {e for e, t in snap["events"].items() if t in wrote_tickets}  # tickets are a desk's own
        pending += snap["outbox"]
        for part in ("events", "tickets", "articles", "versions", "recordings"):
            mine = set(snap[part]) if part in ("events", "versions") else snap[part]
            theirs = set(center[part]) if part in ("events", "versions") else center[part]
            if mine != theirs:
                diverged.append(f"{origin}: {part}")
    lost = (len(wrote_events - set(center["events"])) + len(wrote_tickets - set(center["tickets"]))
            + len(wrote_articles - set(center["articles"])) + len(wrote_recordings - set(center["recordings"])))
    lost_recordings = len(wrote_recordings - set(center["recordings"]))
    engine = engine_for(central_url)
    try:
        with engine.connect() as conn:
            twice_changes = conn.scalar(text(
                "SELECT count(*) - count(DISTINCT change_id) FROM changes")) or 0
            twice_events = conn.scalar(text(
                "SELECT count(*) FROM (SELECT entity_id FROM changes WHERE entity = 'event' "
                "GROUP BY entity_id HAVING count(*) > 1) AS d")) or 0
            twice_numbers = conn.scalar(text(
                "SELECT count(*) FROM (SELECT number FROM tickets GROUP BY number HAVING count(*) > 1) AS d")) or 0
            twice_recordings = conn.scalar(text(
                "SELECT count(*) FROM (SELECT interaction_id FROM recordings GROUP BY interaction_id "
                "HAVING count(*) > 1) AS d")) or 0
            twice_legs = conn.scalar(text(
                "SELECT count(*) FROM (SELECT call_id FROM recording_calls GROUP BY call_id "
                "HAVING count(*) > 1) AS d")) or 0
            changes = conn.scalar(select(func.count()).select_from(ChangeRow)) or 0
    finally:
        engine.dispose()
    missing = [r["origin"] for r in reports if r.get("missing")]
    return {"desks": len(desks), "events": len(wrote_events), "tickets": len(wrote_tickets),
            "articles": len(wrote_articles), "recordings": len(wrote_recordings), "lost": lost,
            "duplicated": int(twice_changes + twice_events + twice_numbers + twice_recordings + twice_legs),
            "diverged": len(diverged),
            "recordings_lost": lost_recordings, "recordings_duplicated": int(twice_recordings + twice_legs),
            "recordings_uploaded_at_center": sum(1 for r in center["recordings"].values() if r[4] == "uploaded"),
            "diverged_what": diverged[:10], "pending_after": pending, "center_changes": changes,
            "desks_without_report": missing}
