"""``hotline db upgrade | seed-demo | status`` against SQLite and PostgreSQL, and its error messages."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from desktop.cli import db as db_cli
from desktop.cli.main import COMMANDS, CommandError
from storage.db import head_revision
from storage.knowledge.demo import demo_records


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hotline")
    db_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_db_is_a_registered_command():
    assert "db" in COMMANDS


def test_upgrade_seed_and_status(db_url, capsys):
    assert run("db", "upgrade", "--db", db_url) == 0
    assert f"is at migration {head_revision()}" in capsys.readouterr().out
    assert run("db", "upgrade", "--db", db_url) == 0  # again: a no-op
    assert run("db", "seed-demo", "--db", db_url) == 0
    out = capsys.readouterr().out
    assert "31 units written" in out
    articles = int(re.search(r"(\d+) knowledge articles published", out).group(1))
    assert articles == len(demo_records())  # the demo corpus, when it is there
    assert run("db", "seed-demo", "--db", db_url) == 0
    assert "0 units written" in (out := capsys.readouterr().out) and "0 knowledge articles" in out
    assert run("db", "status", "--db", db_url, "--json") == 0
    facts = json.loads(capsys.readouterr().out)
    pending = 31 + 2 * articles  # each unit; each article and its first version
    assert facts["current"] and facts["units"] == 31 and facts["sync"]["pending"] == pending
    assert 2025 in facts["calendar_years"]
    assert run("db", "status", "--db", db_url) == 0
    assert f"待上传 {pending} 条" in capsys.readouterr().out


def test_default_url_is_the_local_working_copy(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOTLINE_HOME", str(tmp_path))
    assert run("db", "upgrade") == 0
    assert (tmp_path / "desk.sqlite3").exists()


def test_status_of_a_never_upgraded_database(tmp_path, capsys):
    assert run("db", "status", "--db", f"sqlite:///{tmp_path / 'new.sqlite3'}") == 1
    assert "not initialised" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "unsupported database"),
        ("no url at all", "not a database URL"),
        ("postgresql://postgres@127.0.0.1:1/x", "cannot reach"),
        ("sqlite:////nonexistent-dir/x/y.sqlite3", "cannot reach"),
    ],
)
def test_bad_or_unreachable_databases_give_clear_errors(url, message):
    for action in ("upgrade", "seed-demo", "status"):
        with pytest.raises(CommandError, match=message):
            run("db", action, "--db", url)
