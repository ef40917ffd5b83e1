"""``hotline user`` and the demo accounts of ``hotline db seed-demo`` (SQLite file and real PostgreSQL)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from desktop.cli.main import main
from hotline.accounts import LoginRefused
from storage.accounts import sign_in
from storage.db import engine_for


def run(capsys, monkeypatch, *argv: str, stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_list_passwd_disable(db_url, capsys, monkeypatch):
    assert run(capsys, monkeypatch, "db", "seed-demo", "--db", db_url, "--role", "center")[0] == 0
    code, out, err = run(capsys, monkeypatch, "user", "add", "ZhangSan", "--role", "话务员", "--sip", "1101",
                         "--name", "张三", "--db", db_url, "--password-stdin", stdin="s3cret-张\n")
    assert code == 0, err
    code, out, err = run(capsys, monkeypatch, "user", "add", "cgj2", "--role", "unit-handler", "--unit", "qc.cgj",
                         "--db", db_url, stdin="unit-pw\n")
    assert code == 0, err
    code, out, _ = run(capsys, monkeypatch, "user", "list", "--db", db_url, "--json")
    rows = {r["login"]: r for r in json.loads(out)}
    assert rows["zhangsan"] | {"id": None} == {
        "id": None, "login": "zhangsan", "display_name": "张三", "role": "agent", "role_label": "话务员",
        "unit": None, "sip_user": "1101", "disabled": False,
        "panes": ["phone", "screen_pop", "ticket", "knowledge", "lists", "recordings"]}
    assert rows["cgj2"]["unit"] == "qc.cgj" and rows["admin"]["role"] == "center-admin"
    assert "scrypt" not in out and "s3cret" not in out
    code, text, _ = run(capsys, monkeypatch, "user", "list", "--db", db_url)
    assert code == 0 and "张三" in text and "scrypt" not in text

    engine = engine_for(db_url)
    try:
        assert sign_in(engine, "zhangsan", "s3cret-张", role="center").sip_user == "1101"
        assert run(capsys, monkeypatch, "user", "passwd", "zhangsan", "--db", db_url, stdin="next-pw\n")[0] == 0
        assert sign_in(engine, "zhangsan", "next-pw", role="center").login == "zhangsan"
        assert run(capsys, monkeypatch, "user", "disable", "zhangsan", "--db", db_url)[0] == 0
        with pytest.raises(LoginRefused) as err:
            sign_in(engine, "zhangsan", "next-pw", role="center")
        assert err.value.code == LoginRefused.DISABLED
        assert run(capsys, monkeypatch, "user", "enable", "zhangsan", "--db", db_url)[0] == 0
        assert sign_in(engine, "zhangsan", "next-pw", role="center").disabled is False
    finally:
        engine.dispose()


def test_the_demo_accounts_sign_in_with_their_documented_passwords(sqlite_url, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "db", "seed-demo", "--db", sqlite_url)
    assert code == 0 and "13 accounts added" in out, err
    assert "0 accounts added" in run(capsys, monkeypatch, "db", "seed-demo", "--db", sqlite_url)[1]
    engine = engine_for(sqlite_url)
    try:
        roles = {login: sign_in(engine, login, password).role.value for login, password in (
            ("1001", "demo-1001"), ("1008", "demo-1008"), ("duty", "demo-duty-1099"), ("zhijian", "demo-zhijian"),
            ("cgj", "demo-cgj"), ("admin", "demo-admin"), ("2101", "demo-2101"))}
    finally:
        engine.dispose()
    assert roles == {"1001": "agent", "1008": "team-lead", "duty": "team-lead", "zhijian": "supervisor",
                     "cgj": "unit-handler", "admin": "center-admin", "2101": "specialist"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A demo database seeded once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("seeded") / "demo.sqlite3"
    assert main(["db", "seed-demo", "--db", f"sqlite:///{path}"]) == 0
    return path


@pytest.mark.parametrize(("argv", "stdin"), [
    (("user", "add", "x1", "--role", "boss"), "pw\n"),                                # unknown role
    (("user", "add", "x1", "--role", "unit-handler", "--unit", "qc.nothing"), "pw\n"),  # unknown unit
    (("user", "add", "x1", "--role", "unit-handler"), "pw\n"),                        # a handler needs a unit
    (("user", "add", "x1", "--role", "agent"), "\n"),                                 # empty password
    (("user", "add", "x1", "--role", "agent"), ""),                                   # no password at all
    (("user", "add", "x 1", "--role", "agent"), "pw\n"),                              # bad login
    (("user", "add", "x1", "--role", "agent", "--sip", "10a"), "pw\n"),               # bad extension
    (("user", "add", "1001", "--role", "agent"), "pw\n"),                             # login taken
    (("user", "add", "x1", "--role", "agent", "--sip", "1001"), "pw\n"),              # extension taken
    (("user", "passwd", "1001"), "\n"),                                               # empty password
    (("user", "passwd", "nobody"), "pw\n"),                                           # unknown login
    (("user", "disable", "nobody"), ""),
])
def test_bad_input_is_a_clear_message_and_exit_2(seeded, tmp_path, capsys, monkeypatch, argv, stdin):
    shutil.copyfile(seeded, tmp_path / "demo.sqlite3")
    sqlite_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    code, out, err = run(capsys, monkeypatch, *argv, "--db", sqlite_url, stdin=stdin)
    assert code == 2 and err.startswith("hotline: ") and "Traceback" not in err
    code, out, _ = run(capsys, monkeypatch, "user", "list", "--db", sqlite_url, "--json")
    assert "x1" not in {r["login"] for r in json.loads(out)}  # nothing written


def test_a_password_is_never_an_argument():
    from desktop.cli.main import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["user", "add", "x1", "--role", "agent", "--password", "pw"])
