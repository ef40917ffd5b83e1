"""``hotline caller flag / unflag / show`` on the central database (SQLite file and real PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from desktop.cli.main import main
from storage.db import engine_for, upgrade
from storage.uow import UnitOfWork


def run(capsys, *argv: str):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _audit(db_url: str) -> list[tuple[str, str, str]]:
    engine = engine_for(db_url)
    try:
        with UnitOfWork(engine) as uow:
            return [(e.actor, e.action, str(e.detail.get("command", ""))) for e in
                    uow.audit.for_subject("caller", "13700000066")]
    finally:
        engine.dispose()


def test_flag_show_unflag_and_show_the_history(db_url, capsys):
    code, out, err = run(capsys, "caller", "flag", "+86 137-0000-0066", "--reason", "反复拨打辱骂话务员",
                         "--actor", "wangadmin", "--db", db_url)
    assert code == 0, err
    assert "已标记 13700000066" in out and "骚扰电话" in out and "第二十六条" in out
    code, out, _ = run(capsys, "caller", "show", "008613700000066", "--json", "--actor", "lead-01", "--db", db_url)
    shown = json.loads(out)
    assert code == 0 and shown["number"] == "13700000066" and len(shown["active"]) == 1
    assert shown["active"][0] | {"id": None, "set_at": None} == {
        "id": None, "number": "13700000066", "kind": "nuisance", "kind_label": "骚扰电话",
        "reason": "反复拨打辱骂话务员", "article": "内蒙古第二十六条；凉山第二十四条", "set_by": "wangadmin",
        "set_at": None, "cleared_by": None, "cleared_at": None, "clear_reason": "", "active": True}
    code, out, err = run(capsys, "caller", "unflag", "137 0000 0066", "--actor", "liadmin", "--reason", "已核实",
                         "--db", db_url)
    assert code == 0 and "已解除" in out and "记录保留" in out, err
    code, out, _ = run(capsys, "caller", "show", "13700000066", "--db", db_url)
    assert code == 0 and "无有效标记" in out and "已解除" in out and "liadmin：已核实" in out and "wangadmin" in out
    code, out, _ = run(capsys, "caller", "show", "13700000066", "--json", "--db", db_url)
    history = json.loads(out)["history"]
    assert json.loads(out)["active"] == [] and [(h["cleared_by"], h["active"]) for h in history] == [
        ("liadmin", False)]
    assert _audit(db_url) == [("wangadmin", "flag-caller", ""), ("lead-01", "view-caller", "caller show"),
                              ("liadmin", "unflag-caller", ""), ("cli", "view-caller", "caller show"),
                              ("cli", "view-caller", "caller show")]


@pytest.mark.parametrize(("argv", "words"), [
    (("flag", "abc", "--reason", "骚扰", "--actor", "wang"), "不是有效的电话号码"),
    (("flag", "12", "--reason", "骚扰", "--actor", "wang"), "不是有效的电话号码"),
    (("flag", "13700000066", "--reason", "  ", "--actor", "wang"), "标记理由不能为空"),
    (("flag", "13700000066", "--reason", "骚扰", "--actor", ""), "须注明操作人"),
    (("flag", "13700000066", "--reason", "骚扰", "--kind", "vip", "--actor", "wang"), "未知的标记类别"),
    (("unflag", "13700000066", "--actor", "wang"), "该号码没有有效标记"),
    (("unflag", "not-a-phone", "--actor", "wang"), "不是有效的电话号码"),
    (("show", "abc"), "不是有效的电话号码"),
])
def test_bad_input_exits_2_with_a_chinese_message_and_writes_nothing(sqlite_url, capsys, argv, words):
    upgrade(sqlite_url)
    code, out, err = run(capsys, "caller", *argv, "--db", sqlite_url)
    assert code == 2 and words in err and err.startswith("hotline: ") and out == ""
    engine = engine_for(sqlite_url)
    try:
        with UnitOfWork(engine) as uow:
            assert uow.caller_flags.history_for("13700000066") == []
    finally:
        engine.dispose()


def test_a_second_flag_of_the_same_kind_exits_2(sqlite_url, capsys):
    assert run(capsys, "caller", "flag", "13700000066", "--reason", "骚扰", "--actor", "wang", "--db",
               sqlite_url)[0] == 0
    code, _, err = run(capsys, "caller", "flag", "13700000066", "--reason", "again", "--actor", "li", "--db",
                       sqlite_url)
    assert code == 2 and "已有骚扰电话标记" in err
