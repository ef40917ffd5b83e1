"""``hotline ticket`` end to end on a SQLite file and on PostgreSQL: create, act, refuse, list, show."""

import json
import subprocess
import sys

import pytest

from desktop.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def seeded(db_url, capsys):
    code, out, err = run(capsys, "db", "seed-demo", "--db", db_url)
    assert code == 0, err
    return db_url


def test_liangshan_complaint_walks_to_closed_with_article_deadlines(seeded, capsys):
    """凉山 第十二条(一) 3 working hours to dispatch; 第十二条(二) sign 1 wd, complaint 10 wd (over 国庆)."""
    db = seeded
    code, out, err = run(capsys, "ticket", "create", "--db", db, "--profile", "liangshan", "--category", "投诉",
                         "--content", "夜市噪音扰民", "--phone", "13800000001", "--seat", "7",
                         "--at", "2026-09-30T10:00", "--json")
    assert code == 0, err
    view = json.loads(out)
    number = view["number"]
    assert number == "20260930-007-0001"
    assert view["dispatch_due"] == "2026-09-30T14:30:00+08:00"
    code, out, err = run(capsys, "ticket", "dispatch", number, "--db", db, "--unit", "qc.cgj",
                         "--at", "2026-09-30T11:30", "--json")
    assert code == 0, err
    (assignment,) = json.loads(out)["assignments"]
    assert assignment["sign_due"] == "2026-10-08T17:30:00+08:00"  # 10-01..10-07 holiday
    assert assignment["finish_due"] == "2026-10-20T17:30:00+08:00"  # 10-10 is a make-up Saturday
    for argv in (
        ("sign", "--unit", "qc.cgj", "--at", "2026-10-08T09:00"),
        ("reply", "--unit", "qc.cgj", "--text", "已处理", "--at", "2026-10-12T10:00"),
        ("review", "--accept", "--at", "2026-10-12T11:00"),
        ("callback", "--method", "sms", "--satisfaction", "满意", "--resolved", "yes", "--at", "2026-10-12T15:00"),
    ):
        code, out, err = run(capsys, "ticket", argv[0], number, "--db", db, *argv[1:], "--json")
        assert code == 0, (argv, err)
    assert json.loads(out)["state"] == "closed"


def test_illegal_step_is_refused_with_its_named_error_and_nothing_written(seeded, capsys):
    """凉山 第十二条(三): 咨询类工单原则上不予延期 — the CLI exits 3 and writes no event."""
    db = seeded
    _, out, _ = run(capsys, "ticket", "create", "--db", db, "--profile", "liangshan", "--category", "consult",
                    "--content", "医保怎么交", "--phone", "13800000002", "--at", "2026-11-02T09:00", "--json")
    number = json.loads(out)["number"]
    run(capsys, "ticket", "dispatch", number, "--db", db, "--unit", "qc.ybj", "--at", "2026-11-02T09:30")
    run(capsys, "ticket", "sign", number, "--db", db, "--unit", "qc.ybj", "--at", "2026-11-02T10:00")
    code, out, err = run(capsys, "ticket", "extend", number, "--db", db, "--unit", "qc.ybj", "--days", "3",
                         "--reason", "核实", "--at", "2026-11-03T10:00")
    assert code == 3
    assert "ExtensionForbidden" in err and "第十二条(三)" in err
    code, out, err = run(capsys, "ticket", "show", number, "--db", db, "--events", "--json")
    kinds = [e["kind"] for e in json.loads(out)["events"]]
    assert kinds == ["created", "dispatched", "signed"]
    # 第十二条(二): consult finishes in 5 working days from dispatch (11-02 -> 11-09 17:30)
    code, out, err = run(capsys, "ticket", "show", number, "--db", db, "--at", "2026-11-10T09:00")
    assert code == 0, err
    assert "时限 办结" in out and "2026-11-09 17:30  已超期" in out


def test_unknown_unit_and_unknown_ticket_say_so(seeded, capsys):
    db = seeded
    code, _, err = run(capsys, "ticket", "sign", "no-such-ticket", "--db", db, "--unit", "qc.cgj")
    assert code == 2 and "no ticket 'no-such-ticket'" in err
    _, out, _ = run(capsys, "ticket", "create", "--db", db, "--category", "help", "--content", "路灯不亮",
                    "--phone", "13800000003", "--json")
    number = json.loads(out)["number"]
    code, _, err = run(capsys, "ticket", "dispatch", number, "--db", db, "--unit", "qc.nowhere")
    assert code == 2 and "unknown unit 'qc.nowhere'" in err


def test_caller_history_lists_newest_first(seeded, capsys):
    db = seeded
    for day, text in (("2026-11-02", "第一次"), ("2026-11-05", "第二次"), ("2026-11-09", "第三次")):
        run(capsys, "ticket", "create", "--db", db, "--category", "consult", "--content", text,
            "--phone", "13811112222", "--at", f"{day}T10:00")
    run(capsys, "ticket", "create", "--db", db, "--category", "consult", "--content", "别人",
        "--phone", "13899990000", "--at", "2026-11-06T10:00")
    code, out, _ = run(capsys, "ticket", "list", "--db", db, "--phone", "13811112222", "--json")
    assert code == 0
    assert [v["content"] for v in json.loads(out)] == ["第三次", "第二次", "第一次"]
    # looking up a caller's identity is audited (docs/REGULATIONS.md Privacy; 凉山 第二十条)
    from storage.db import engine_for
    from storage.uow import UnitOfWork

    engine = engine_for(db)
    with UnitOfWork(engine) as uow:
        (entry,) = uow.audit.for_subject("caller", "13811112222")
    engine.dispose()
    assert (entry.actor, entry.action) == ("cli", "view-caller")


def test_bad_input_gets_a_clear_message(sqlite_url, capsys):
    code, _, err = run(capsys, "ticket", "create", "--db", sqlite_url, "--category", "gossip", "--content", "x")
    assert code == 2 and "unknown category 'gossip'" in err
    code, _, err = run(capsys, "ticket", "create", "--db", sqlite_url, "--category", "consult", "--content", "x",
                       "--profile", "atlantis")
    assert code == 2 and "atlantis" in err
    code, _, err = run(capsys, "ticket", "list", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and "cannot reach the database" in err


def test_the_console_entry_point_runs(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    out = subprocess.run([sys.executable, "-m", "desktop.cli.main", "ticket", "list", "--db", url],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "(0 件)" in out.stdout


def test_numbers_count_a_seats_day_by_number_not_by_content(sqlite_url, capsys):
    numbers = []
    for content in ("提到 20261102-005-0009 这个编号", "第二件"):
        code, out, err = run(capsys, "ticket", "create", "--db", sqlite_url, "--category", "consult",
                             "--content", content, "--phone", "13800000009", "--seat", "5",
                             "--at", "2026-11-02T10:00", "--json")
        assert code == 0, err
        numbers.append(json.loads(out)["number"])
    assert numbers == ["20261102-005-0001", "20261102-005-0002"]


def test_phone_numbers_are_stored_canonical_found_in_any_form_and_garbage_refused(seeded, capsys):
    db = seeded
    code, out, err = run(capsys, "ticket", "create", "--db", db, "--category", "help", "--content", "停水",
                         "--phone", "+86 137-0000-0001", "--call-id", "c-1@pbx", "--interaction-id", "rec-1",
                         "--json")
    assert code == 0, err
    view = json.loads(out)
    assert (view["caller_phone"], view["caller_phone_raw"], view["call_id"]) == (
        "13700000001", "+86 137-0000-0001", "c-1@pbx")
    for form in ("+8613700000001", "008613700000001", "013700000001"):
        code, out, err = run(capsys, "ticket", "list", "--db", db, "--phone", form, "--json")
        assert code == 0 and [v["id"] for v in json.loads(out)] == [view["id"]], form
    code, out, err = run(capsys, "ticket", "link-call", view["number"], "--db", db, "--call-id", "c-2@pbx",
                         "--interaction-id", "rec-2", "--json")
    assert code == 0, err
    assert [c["call_id"] for c in json.loads(out)["calls"]] == ["c-1@pbx", "c-2@pbx"]
    code, out, err = run(capsys, "ticket", "create", "--db", db, "--category", "help", "--content", "停水",
                         "--phone", "138-0013-800x")
    assert code == 2 and "不是有效的电话号码" in err and "[not-a-number]" in err
    code, out, err = run(capsys, "ticket", "list", "--db", db, "--phone", "138-0013-800x", "--json")
    assert code == 0 and json.loads(out) == []
