"""``hotline board``: the live figures in Chinese, as JSON, watched; a bad plan or an old database named."""

from __future__ import annotations

import json

from desktop.cli.main import main
from hotline.acd import CenterPlan, Director, Record
from hotline.timezone import now
from storage.db import engine_for, upgrade
from storage.uow import UnitOfWork


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _center(url: str) -> None:
    """Today at the shipped plan's center: 1001 talking, one caller waiting in 营商环境, one abandoned."""
    upgrade(url)
    engine = engine_for(url)
    d = Director(CenterPlan.load(), now())
    actions = d.agent_registered("1001", now()) + d.agent_registered("1002", now())
    actions += d.agent_state("1002", "not-ready", now(), reason="会议")
    actions += d.call_queued("b1", caller="13700000001", dialled="12345", at=now())
    actions += d.ring_answered("b1", "1001", now())
    actions += d.call_queued("b2", caller="13700000002", dialled="123452", at=now())
    actions += d.call_queued("b3", caller="13700000003", dialled="12345", at=now())
    actions += d.caller_left("b3", now())
    with UnitOfWork(engine, origin="center", role="center") as uow:
        uow.center.append([x.event for x in actions if isinstance(x, Record)])
        uow.commit()
    engine.dispose()


def test_board_prints_the_figures_in_chinese_and_as_json(db_url, capsys):
    _center(db_url)
    code, out, err = run(capsys, "board", "--db", db_url)
    assert code == 0, err
    assert "营商环境" in out and "排队 1" in out and "接通率" in out and "目标 95%" in out
    assert "通话中 1" in out and "示忙 1" in out
    code, out, err = run(capsys, "board", "--db", db_url, "--json")
    queues = {q["queue"]: q for q in json.loads(out)["queues"]}
    assert queues["business"]["waiting"] == 1 and queues["general"]["talking"] == 1
    assert queues["general"]["abandoned"] == 1 and queues["general"]["answered"] == 1
    assert queues["general"]["answer_rate"] == 0.5


def test_board_watch_keeps_printing(sqlite_url, capsys):
    _center(sqlite_url)
    code, out, err = run(capsys, "board", "--db", sqlite_url, "--watch", "--seconds", "0.8", "--json")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) >= 2 and all(len(x["queues"]) == 4 for x in lines)


def test_board_names_a_bad_plan_and_an_old_database(tmp_path, capsys):
    bad = tmp_path / "plan.toml"
    bad.write_text("[center]\nname = 1\n", encoding="utf-8")
    code, _, err = run(capsys, "board", "--plan", str(bad), "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert code == 2 and "plan.toml" in err
    code, _, err = run(capsys, "board", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert code == 2 and "hotline db upgrade" in err
