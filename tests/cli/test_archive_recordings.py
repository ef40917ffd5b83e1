"""A ticket is archived with its calls' recordings (Ordos 第二十三条: 群众来电录音 in the archive), and only
once every one of them is verified at the center (SQLite file and PostgreSQL)."""

import json
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from desktop.cli.main import main
from storage.db import engine_for
from storage.recording_tables import RecordingCallRow, RecordingRow
from storage.uow import UnitOfWork


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _closed_ticket(capsys, db):
    code, _, err = run(capsys, "db", "seed-demo", "--db", db)
    assert code == 0, err
    _, out, _ = run(capsys, "ticket", "create", "--db", db, "--profile", "liangshan", "--category", "投诉",
                    "--content", "夜市噪音扰民", "--phone", "13800000001", "--at", "2026-09-30T10:00", "--json")
    view = json.loads(out)
    number = view["number"]
    for argv in (("dispatch", "--unit", "qc.cgj", "--at", "2026-09-30T11:30"),
                 ("link-call", "--call-id", "call-a@12345", "--at", "2026-09-30T11:40"),
                 ("sign", "--unit", "qc.cgj", "--at", "2026-10-08T09:00"),
                 ("reply", "--unit", "qc.cgj", "--text", "已处理", "--at", "2026-10-12T10:00"),
                 ("review", "--accept", "--at", "2026-10-12T11:00"),
                 ("callback", "--method", "sms", "--satisfaction", "满意", "--resolved", "yes",
                  "--at", "2026-10-12T15:00")):
        code, out, err = run(capsys, "ticket", argv[0], number, "--db", db, *argv[1:], "--json")
        assert code == 0, (argv, err)
    assert json.loads(out)["state"] == "closed"
    return number, view["id"]


def _recording(db, state):
    engine = engine_for(db)
    with Session(engine) as s:
        s.add(RecordingRow(id="rec-1", interaction_id="i-1", call_ids=["call-a@12345"], agent="1001",
                           caller="13800000001", started_at=datetime(2026, 9, 30, 2, 0, tzinfo=UTC),
                           duration_s=95.0, size_bytes=180_000, sha256="ab" * 32, codec="OPUS",
                           store_path="1001/2026-09-30/rec-1.opus", state=state))
        s.flush()  # the recording before its call row (no ORM relationship orders them)
        s.add(RecordingCallRow(recording_id="rec-1", call_id="call-a@12345"))
        s.commit()
    return engine


def test_archiving_waits_for_verified_recordings_then_lists_them(db_url, capsys):
    number, ticket_id = _closed_ticket(capsys, db_url)
    engine = _recording(db_url, "uploaded")
    code, _, err = run(capsys, "ticket", "archive", number, "--db", db_url, "--at", "2026-10-13T09:00")
    assert code == 2 and "rec-1" in err  # named, and nothing written
    with UnitOfWork(engine, origin="test") as uow:
        assert uow.tickets.get(ticket_id).state.value == "closed"
    with Session(engine) as s:
        s.get(RecordingRow, "rec-1").state = "verified"
        s.commit()
    code, out, err = run(capsys, "ticket", "archive", number, "--db", db_url, "--at", "2026-10-13T09:00", "--json")
    assert code == 0, err
    assert json.loads(out)["state"] == "archived"
    with UnitOfWork(engine, origin="test") as uow:
        (archived,) = [e for e in uow.tickets.events(ticket_id) if e.kind.value == "archived"]
    (listed,) = archived.data["recordings"]
    assert (listed["id"], listed["sha256"], listed["store_path"], listed["duration_s"]) == (
        "rec-1", "ab" * 32, "1001/2026-09-30/rec-1.opus", 95.0)
    engine.dispose()


def test_a_ticket_without_recordings_archives_with_an_empty_list(db_url, capsys):
    number, ticket_id = _closed_ticket(capsys, db_url)
    code, _, err = run(capsys, "ticket", "archive", number, "--db", db_url, "--at", "2026-10-13T09:00")
    assert code == 0, err
    engine = engine_for(db_url)
    with UnitOfWork(engine, origin="test") as uow:
        (archived,) = [e for e in uow.tickets.events(ticket_id) if e.kind.value == "archived"]
    assert archived.data["recordings"] == []
    engine.dispose()
