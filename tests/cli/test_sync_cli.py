"""``hotline sync`` between two workstations' SQLite files and the real PostgreSQL central database."""

import json

from desktop.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_ticket_made_offline_on_one_desk_reaches_another_through_the_center(tmp_path, pg_url, capsys):
    desk_a, desk_b = (f"sqlite:///{tmp_path / name}" for name in ("a.sqlite3", "b.sqlite3"))
    for desk in (desk_a, desk_b):
        assert run(capsys, "db", "seed-demo", "--db", desk)[0] == 0
    code, out, err = run(capsys, "ticket", "create", "--db", desk_a, "--profile", "ordos", "--category", "求助",
                         "--content", "路灯不亮", "--phone", "13700000001", "--seat", "12", "--json")
    assert code == 0, err
    number = json.loads(out)["number"]
    # the center is unreachable: the sync fails, says why, and the outbox keeps the write
    code, out, _ = run(capsys, "sync", "--db", desk_a, "--central", "postgresql://postgres@127.0.0.1:1/none",
                       "--json")
    status = json.loads(out)
    assert code == 1 and status["pushed"] == 0 and status["pending"] > 0 and "cannot reach" in status["error"]
    pending = status["pending"]
    code, out, err = run(capsys, "sync", "--db", desk_a, "--central", pg_url, "--json")
    assert code == 0, err
    assert json.loads(out)["pushed"] == pending and json.loads(out)["pending"] == 0
    code, out, err = run(capsys, "sync", "--db", desk_b, "--central", pg_url, "--json")
    assert code == 0, err
    code, out, _ = run(capsys, "ticket", "list", "--db", desk_b, "--phone", "13700000001", "--json")
    assert [v["number"] for v in json.loads(out)] == [number]
    # a second sync moves nothing twice
    code, out, _ = run(capsys, "sync", "--db", desk_a, "--central", pg_url, "--json")
    assert json.loads(out)["pushed"] == 0


def test_sync_needs_a_central_url(sqlite_url, capsys):
    code, _, err = run(capsys, "sync", "--db", sqlite_url)
    assert code == 2 and "--central" in err
