"""Retention of recordings at the center (telephony.center.retention) on the real PostgreSQL and real files:
what is purged and what is kept (a ticket's recordings stay for its archive, Ordos 第二十三条), the audit and the
change that tells the desks, crash recovery, a dead database, the grant service's refusal and the CLI."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.cli.main import main
from hotline.recording_access import RecordingUnavailable
from hotline.timezone import now
from storage.recording_tables import RecordingRow
from storage.tables import AuditRow, ChangeRow
from telephony.center.playback import PlaybackIssuer
from telephony.center.recstore_nginx import store_dirs
from telephony.center.recverify import verify_uploads
from telephony.center.retention import RetentionThread, purge_expired, purging_dir, settle
from tests.recordings.people import add_recording

OLD = timedelta(days=400)


def _file(state_dir: Path, store_path: str, where: str = "store") -> Path:
    path = (purging_dir(state_dir) if where == "purging" else store_dirs(state_dir)[where]) / store_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"OggS" + store_path.encode())
    return path


def _state(engine, rid: str) -> str:
    with Session(engine) as s:
        return s.get(RecordingRow, rid).state


def _link_to_ticket(capsys, db: str, call_id: str) -> None:
    """A real ticket (CLI) with the call linked, as the fold writes ``ticket_calls``."""
    assert main(["ticket", "create", "--db", db, "--profile", "liangshan", "--category", "投诉", "--content",
                 "夜市噪音扰民", "--phone", "13800000001", "--json"]) == 0
    number = json.loads(capsys.readouterr().out)["number"]
    assert main(["ticket", "link-call", number, "--db", db, "--call-id", call_id, "--json"]) == 0
    capsys.readouterr()


@pytest.fixture
def aged(center, tmp_path, capsys, pg_url):
    """Recordings of every kind at the center, with their files: {name: id}."""
    engine, _people = center
    state_dir = tmp_path / "center"
    at = now()
    rows = {
        "old": dict(started_at=at - OLD),
        "old-ticket": dict(started_at=at - OLD, call_id="call-ticket@12345"),
        "young": dict(started_at=at - timedelta(days=10)),
        "old-quarantined": dict(started_at=at - OLD, state="quarantined"),
        "old-uploaded": dict(started_at=at - OLD, state="uploaded"),
    }
    ids = {}
    for name, kw in rows.items():
        ids[name] = add_recording(engine, store_path=f"1001/{name}.ogg", **kw)
        where = {"quarantined": "quarantine", "uploaded": "incoming"}.get(kw.get("state", ""), "store")
        _file(state_dir, f"1001/{name}.ogg", where)
    _link_to_ticket(capsys, pg_url, "call-ticket@12345")
    return engine, state_dir, ids


def test_only_old_verified_recordings_of_no_ticket_are_purged_audited_and_announced(aged):
    engine, state_dir, ids = aged
    store = store_dirs(state_dir)
    dry = purge_expired(engine, state_dir, days=365, dry_run=True)
    assert (dry.purged, dry.held_by_ticket, dry.ids) == (1, 1, [ids["old"]])
    assert _state(engine, ids["old"]) == "verified" and (store["store"] / "1001/old.ogg").exists()  # dry: untouched

    report = purge_expired(engine, state_dir, days=365)
    assert (report.purged, report.held_by_ticket, report.ids) == (1, 1, [ids["old"]])
    assert {name: _state(engine, rid) for name, rid in ids.items()} == {
        "old": "purged", "old-ticket": "verified", "young": "verified", "old-quarantined": "quarantined",
        "old-uploaded": "uploaded"}
    assert not (store["store"] / "1001/old.ogg").exists()
    for kept in ("old-ticket", "young"):
        assert (store["store"] / f"1001/{kept}.ogg").exists()
    assert (store["quarantine"] / "1001/old-quarantined.ogg").exists()
    assert not list(purging_dir(state_dir).rglob("*.ogg"))
    with Session(engine) as s:
        [audit] = s.scalars(select(AuditRow).where(AuditRow.action == "purge-recording")).all()
        assert audit.subject_id == ids["old"] and audit.detail["store_path"] == "1001/old.ogg"
        assert audit.detail["retention_days"] == 365
        change = s.scalars(select(ChangeRow).where(ChangeRow.entity == "recording", ChangeRow.entity_id == ids["old"])
                           .order_by(ChangeRow.seq.desc())).first()
        assert change.payload["state"] == "purged"  # what the desks pull
    again = purge_expired(engine, state_dir, days=365)
    assert (again.purged, again.ids) == (0, [])  # once only
    assert len(purge_expired(engine, state_dir, days=9).ids) == 1  # a shorter period reaches the young one


def test_a_purged_recording_is_refused_by_the_grant_service_and_not_stored_again(aged, center):
    engine, state_dir, ids = aged
    _engine, people = center
    purge_expired(engine, state_dir, days=365)
    issuer = PlaybackIssuer(engine, "http://127.0.0.1:9", "s" * 64)
    with pytest.raises(RecordingUnavailable) as err:
        issuer.issue(people["qa-li"], ids["old"])
    assert err.value.code == "purged"
    with Session(engine) as s:
        refused = s.scalars(select(AuditRow).where(AuditRow.action == "play-refused",
                                                   AuditRow.subject_id == ids["old"])).all()
        assert [a.detail["code"] for a in refused] == ["purged"]
    # a desk whose database was reset sends the same file again: it is dropped, not put back in the store
    row_sha = "0" * 64
    again = _file(state_dir, "1001/old.ogg", "incoming")
    again.write_bytes(b"x" * 1000)
    with Session(engine) as s:
        row = s.get(RecordingRow, ids["old"])
        assert (row.size_bytes, row.sha256) == (1000, row_sha)
    import hashlib

    with Session(engine) as s, s.begin():  # the test row's manifest describes these bytes
        s.get(RecordingRow, ids["old"]).sha256 = hashlib.sha256(b"x" * 1000).hexdigest()
    report = verify_uploads(engine, state_dir)
    assert report.duplicates_removed == 1 and not again.exists()
    assert not (store_dirs(state_dir)["store"] / "1001/old.ogg").exists() and _state(engine, ids["old"]) == "purged"


def test_an_interrupted_pass_is_settled_restored_or_finished(aged):
    engine, state_dir, ids = aged
    store = store_dirs(state_dir)["store"]
    # a pass that renamed the file and died before its commit: the file goes back, the next pass purges it
    (store / "1001/old.ogg").rename(_file(state_dir, "1001/old.ogg", "purging"))
    assert settle(engine, state_dir) == (0, 1)
    assert (store / "1001/old.ogg").exists() and _state(engine, ids["old"]) == "verified"
    # a pass that committed and died before the unlink: the file is removed
    purge_expired(engine, state_dir, days=365)
    leftover = _file(state_dir, "1001/old.ogg", "purging")
    report = purge_expired(engine, state_dir, days=365)
    assert (report.removed_leftovers, report.restored, report.purged) == (1, 0, 0) and not leftover.exists()


def test_the_thread_says_a_dead_database_and_a_bad_setting_and_purges_nothing_then_works(aged, pg_url):
    engine, state_dir, ids = aged
    said: list[str] = []
    days = {"value": 365, "fail": "db"}

    def read_days() -> int:
        if days["fail"] == "setting":
            raise ValueError("bad settings file")
        return days["value"]

    dead = RetentionThread("postgresql+psycopg://postgres@127.0.0.1:1/none", state_dir, read_days, said.append,
                           every_s=0.05)
    dead.start()
    try:
        _wait(lambda: said, "the failure said")
    finally:
        dead.stop()
    assert "OperationalError" in said[0] and len(said) == 1  # said once, not every pass
    assert _state(engine, ids["old"]) == "verified" and dead.passes == 0

    days["fail"] = "setting"
    thread = RetentionThread(pg_url, state_dir, read_days, said.append, every_s=0.05)
    thread.start()
    try:
        _wait(lambda: len(said) == 2, "the bad setting said")
        assert "ValueError" in said[1] and _state(engine, ids["old"]) == "verified"
        days["fail"] = ""
        _wait(lambda: thread.passes >= 1, "a good pass")
    finally:
        thread.stop()
    assert _state(engine, ids["old"]) == "purged" and "1 条" in said[-1]


def _wait(check, what: str, timeout: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_cli_checks_the_days_dry_runs_and_purges(aged, pg_url, capsys, monkeypatch, tmp_path):
    engine, state_dir, ids = aged
    monkeypatch.setenv("HOTLINE_HOME", str(tmp_path))  # center_dir() is <home>/center, the fixture's state dir
    mid = add_recording(engine, store_path="1001/mid.ogg", started_at=now() - timedelta(days=100))
    _file(state_dir, "1001/mid.ogg")
    assert main(["center", "retention", "--db", pg_url, "--days", "7"]) == 2
    assert "[out-of-range]" in capsys.readouterr().err
    assert main(["center", "retention", "--db", pg_url, "--days", "a year"]) == 2
    assert "[bad-type]" in capsys.readouterr().err
    assert main(["center", "retention", "--db", pg_url, "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["dry_run"], out["days"], out["ids"], out["held_by_ticket"]) == (True, 365, [ids["old"]], 1)
    assert _state(engine, ids["old"]) == "verified"
    settings = tmp_path / "s.toml"
    settings.write_text("[recordings]\nretention_days = 30\n", encoding="utf-8")
    assert main(["center", "retention", "--db", pg_url, "--settings", str(settings)]) == 0
    assert "已删除 (purged) 2 条" in capsys.readouterr().out  # 30 days: the 100-day-old one goes too
    assert [_state(engine, r) for r in (ids["old"], mid, ids["young"])] == ["purged", "purged", "verified"]
    assert main(["center", "retention", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/none"]) == 2
    assert "retention pass failed" in capsys.readouterr().err
