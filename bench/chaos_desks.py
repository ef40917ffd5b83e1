"""Desks through crashes: a real ``hotline desk`` process SIGKILLed mid-ticket, again and again.

Used by ``python -m bench chaos`` (100 kills) and by tests/desk/test_drafts_crash_many.py (fewer).
Each round starts the desk on the same working copy and data folder (tests.desk.deskproc: offscreen,
driven by its ``--script`` hook), reads what the ticket pane restored, types into it as an agent does
(screen pops, typing, now and then 保存受理 and a fresh ticket) with random pauses, and kills it
with SIGKILL at a random moment, sometimes right on an edit, sometimes seconds after.

Counted precisely, per restart: the pane must show the state reached at least ``SAVED_WITHIN_S``
before the kill, or a later one (the desk's promise: an edit is on disk within 2 s); anything else
is a lost draft. At the end the working copy is read: a ticket without its accepted CREATED event is
half-written, and every ticket the desk said it saved must be there.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from tests.desk.deskproc import DeskProcess

SAVED_WITHIN_S = 2.0
State = tuple[str, str, str]  # (content, call_id, caller_phone) of the ticket pane


def demo_working_copy(folder: Path) -> str:
    """A desk's SQLite working copy with the demo city and knowledge base; its URL."""
    from storage.db import engine_for, upgrade
    from storage.demo import load_demo
    from storage.knowledge.demo import load_articles

    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'desk.sqlite3'}"
    upgrade(url)
    engine = engine_for(url)
    try:
        load_demo(engine)
        load_articles(engine)
    finally:
        engine.dispose()
    return url


def _state(values: dict[str, Any]) -> State:
    return values.get("content", ""), values.get("call_id", ""), values.get("caller_phone", "")


def allowed_states(history: list[tuple[float, State]], killed_at: float) -> list[State]:
    """The states a restart may show: the last one reached 2 s before the kill, and every later one."""
    before = [i for i, (at, _) in enumerate(history) if at <= killed_at - SAVED_WITHIN_S]
    first = before[-1] if before else 0
    return [state for _, state in history[first:]]


def _work(desk: DeskProcess, rng: random.Random, run: int, history: list[tuple[float, State]],
          saved: list[str], refused: list[str]) -> None:
    """Edits (and now and then a saved ticket and a fresh one) at random pauses, as an agent works."""
    content, call_id, phone = history[-1][1]
    for k in range(rng.randint(1, 5)):
        if not call_id:
            call_id, phone = f"crash-{run}-{k}@127.0.0.1", f"138{run:04d}{k:04d}"
            at, _ = desk.step({"do": "pop", "number": phone, "call_id": call_id})
            history.append((at, (content, call_id, phone)))
        piece = f"第{run}轮第{k}笔：路灯不亮，已经一周"
        at, _ = desk.step({"do": "type", "field": "content", "text": piece})
        content += piece
        history.append((at, (content, call_id, phone)))
        if rng.random() < 0.25:
            at, line = desk.step({"do": "save"})
            if " save ok " not in line:
                refused.append(line)
                continue
            saved.append(line.rsplit(" ", 1)[1])
            history.append((at, ("", "", "")))
            at, _ = desk.step({"do": "new"})
            content, call_id, phone = "", "", ""
            history.append((at, ("", "", "")))
        time.sleep(rng.uniform(0.0, 0.8))


def run_kills(workdir: Path, kills: int, *, seed: int = 20261207, db: str | None = None,
              max_pause_s: float = 3.0, progress: Any = None) -> dict[str, Any]:
    """Kill a real desk ``kills`` times mid-work; the counts (see the module docstring)."""
    db = db or demo_working_copy(workdir / "copy")
    rng = random.Random(seed)
    history: list[tuple[float, State]] = [(0.0, ("", "", ""))]
    killed_at, saved, refused, lost = 0.0, [], [], []
    with_draft = 0
    done = 0
    for run in range(kills + 1):
        desk = DeskProcess.start(workdir, db, f"run-{run}")
        try:
            restored = _state(desk.dump())
            if run:
                allowed = allowed_states(history, killed_at)
                if restored not in allowed:
                    lost.append({"run": run, "restored": restored, "allowed": allowed})
                with_draft += bool(restored[0])
            history = [(time.monotonic(), restored)]
            if run == kills:
                break
            _work(desk, rng, run, history, saved, refused)
            time.sleep(rng.uniform(0.0, max_pause_s))
        finally:
            killed_at = time.monotonic()
            desk.kill()
            if run < kills and desk.proc.returncode == -9:
                done += 1
            for name in (f"run-{run}.jsonl", f"run-{run}.stderr"):
                if run < kills - 1:
                    (workdir / name).unlink(missing_ok=True)
        if progress is not None:
            progress(run + 1, len(lost))
    half, missing, tickets = _check_copy(db, saved)
    shutil.rmtree(workdir / "home", ignore_errors=True)
    return {"desk_kills": done, "restarts_with_draft": with_draft, "drafts_lost": len(lost),
            "lost": lost[:5], "tickets_saved": len(saved), "tickets_in_copy": tickets,
            "half_written": len(half), "saved_missing": len(missing), "saves_refused": len(refused)}


def _check_copy(db: str, saved: list[str]) -> tuple[list[str], list[str], int]:
    """(half-written ticket ids, saved tickets missing, tickets in the copy) of the working copy."""
    engine = create_engine(f"sqlite:///{db.split(':///', 1)[1]}")
    try:
        with engine.connect() as conn:
            tickets = {r[0] for r in conn.execute(text("SELECT id FROM tickets"))}
            half = [r[0] for r in conn.execute(text(
                "SELECT t.id FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE "
                "e.ticket_id = t.id AND e.kind = 'created' AND e.status = 'accepted')"))]
            half += [r[0] for r in conn.execute(text(  # events written without their ticket's projection
                "SELECT DISTINCT e.ticket_id FROM ticket_events e WHERE NOT EXISTS "
                "(SELECT 1 FROM tickets t WHERE t.id = e.ticket_id)"))]
    finally:
        engine.dispose()
    return half, [s for s in saved if s not in tickets], len(tickets)
