"""The board's data on the real PostgreSQL: the director's mirror survives a cut link to the database
and converges when it returns; the CDR queries per agent and per 15 minutes count what was stored."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hotline.acd import Director, QueueEvent
from hotline.board_alerts import AlertWatcher, parse_rules
from hotline.timezone import now
from storage.board_read import read_board
from storage.board_tables import BoardAgentRow, BoardWaitingRow
from storage.center import day_bounds
from storage.center_agents import agents_today, curve
from storage.db import engine_for, upgrade
from storage.uow import UnitOfWork
from telephony.center.board_publish import BoardPublisher
from tests.hotline.acd.helpers import plan
from tests.storage.tcp_proxy import TcpProxy


def _mirror(engine):
    with Session(engine) as s:
        agents = {r.agent: (r.state, r.reason) for r in s.scalars(select(BoardAgentRow))}
        waiting = [(r.call_id, r.position, r.status) for r in s.scalars(select(BoardWaitingRow)
                                                                         .order_by(BoardWaitingRow.position))]
    return agents, waiting


def _until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_mirror_converges_after_the_database_link_is_cut_and_restored(pg_url):
    upgrade(pg_url)
    url = make_url(pg_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = engine_for(url.set(port=proxy.port).render_as_string(hide_password=False))
    direct = engine_for(pg_url)
    d = Director(plan(), now())
    publisher = BoardPublisher(through, min_interval_s=0.0)
    try:
        d.agent_registered("1099", now())
        d.agent_registered("1001", now())
        publisher.changed(d)
        _until(lambda: _mirror(direct)[0].get("1001") == ("ready", ""), 10, "1001 ready in the mirror")
        proxy.cut()
        d.agent_state("1001", "not-ready", now(), reason="会议")
        d.call_queued("mirror-1", caller="13800000001", dialled="12345", at=now())
        d.call_queued("mirror-2", caller="13800000002", dialled="12345", at=now())
        publisher.changed(d)
        _until(lambda: publisher.failures >= 1, 15, "a failed write")
        assert _mirror(direct)[0]["1001"] == ("ready", "")  # nothing written while cut
        proxy.restore()
        converged = ({"1001": ("not-ready", "会议"), "1002": ("logged-out", "")},
                     [("mirror-1", 1, "waiting"), ("mirror-2", 2, "waiting")])
        _until(lambda: ({k: v for k, v in _mirror(direct)[0].items() if k in ("1001", "1002")},
                        _mirror(direct)[1]) == converged, 20, "the mirror converged")
        assert publisher.writes >= 2
        d.caller_left("mirror-1", now())
        publisher.changed(d)
        _until(lambda: _mirror(direct)[1] == [("mirror-2", 1, "waiting")], 10, "the caller who left is gone")
        # an agent long in 示忙 alerts even when not on the page shown (the page here is empty)
        rules = parse_rules({"alerts": {"waiting": 99, "longest_wait_s": 9999, "answer_rate_below": 0.0,
                                        "not_ready_minutes": 1},
                             "warn": {"waiting": 99, "longest_wait_s": 9999, "answer_rate_below": 0.0}})
        with Session(direct) as s:
            soon = read_board(s, now(), plan=plan(), agents_page=(0, 0), not_ready_over_s=60)
            later = read_board(s, now() + timedelta(minutes=2), plan=plan(), agents_page=(0, 0), not_ready_over_s=60)
        assert soon.agents == () and soon.long_not_ready == ()
        assert [a for a, _ in later.long_not_ready] == ["1001"]
        alerts = AlertWatcher(rules)
        assert alerts.check(soon) == []
        assert [(f.kind, f.subject) for f in alerts.check(later)] == [("not-ready", "1001")]
        assert alerts.check(later) == []  # once per crossing
    finally:
        publisher.close()
        proxy.cut()
        through.dispose()
        direct.dispose()


def test_cdr_queries_per_agent_and_per_fifteen_minutes(db_url):
    upgrade(db_url)
    engine = engine_for(db_url)
    start, _ = day_bounds(now())
    t0 = start + timedelta(hours=10, minutes=2)  # in the 10:00–10:15 bucket
    at = t0 + timedelta(minutes=20)

    def ev(kind, call, seconds, agent="", **data):
        return QueueEvent(kind, t0 + timedelta(seconds=seconds), call, "general", agent, "138", data)

    events = [ev("queued", "c1", 0), ev("offered", "c1", 4, "1001"), ev("answered", "c1", 5, "1001", wait_s=5),
              ev("ended", "c1", 65, "1001", talk_s=60),
              ev("queued", "c2", 1), ev("offered", "c2", 20, "1002"), ev("answered", "c2", 21, "1002", wait_s=20),
              ev("ended", "c2", 51, "1002", talk_s=30),
              ev("queued", "c3", 2), ev("abandoned", "c3", 12, wait_s=10),
              ev("queued", "c4", 3), ev("offered", "c4", 6, "1001"), ev("answered", "c4", 7, "1001", wait_s=4),
              ev("ended", "c4", 127, "1001", talk_s=120)]
    try:
        with UnitOfWork(engine, origin="center", role="center") as uow:
            uow.center.append(events)
            uow.commit()
        with Session(engine) as s:
            by = agents_today(s, at, ["1001", "1002", "1003"])
            assert (by["1001"].calls, by["1001"].talk_s, by["1001"].aht_s) == (2, 180.0, 90.0)
            assert (by["1002"].calls, by["1002"].talk_s, by["1002"].aht_s) == (1, 30.0, 30.0)
            assert "1003" not in by
            buckets = curve(s, at, service_level_s=15)
            assert len(buckets) == 10 * 4 + 2  # midnight to the bucket holding `at` (10:22)
            b = buckets[40]
            assert b.start == start + timedelta(hours=10)
            assert (b.offered, b.answered, b.abandoned) == (4, 3, 1)
            assert b.service_level == 2 / 4  # c1 and c4 within 15 s; c2 (20 s) and the abandon not
            assert all(x.offered == 0 for i, x in enumerate(buckets) if i != 40)
            view = read_board(s, at, plan=plan())
            general = next(q for q in view.queues if q.queue == "general")
            assert (general.offered, general.answered, general.abandoned) == (4, 3, 1)
            assert general.answer_rate == 3 / 4 and general.meets_target is False
    finally:
        engine.dispose()
