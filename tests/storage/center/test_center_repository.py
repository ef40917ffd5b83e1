"""The director's events in the central database: idempotent append, CDR times, board figures, the
callback reservation's ticket, rebuild from the stored events (SQLite and PostgreSQL)."""

from __future__ import annotations

from hotline.acd import Director, Record
from storage.uow import UnitOfWork
from tests.hotline.acd.helpers import at, plan


class Center:
    """A director whose every recorded event is appended in its own unit of work, as the center does."""

    def __init__(self, engine, *ready: str) -> None:
        self.engine, self.plan = engine, plan()
        self.d = Director(self.plan, at(-200))
        self.log: list = []
        for i, user in enumerate(ready):
            self.apply(self.d.agent_registered(user, at(i - 100)))

    def apply(self, actions: list) -> list:
        events = [x.event for x in actions if isinstance(x, Record)]
        self.log += events
        with UnitOfWork(self.engine, origin="center", role="center") as uow:
            uow.center.append(events)
            uow.commit()
        return actions

    def __getattr__(self, name):
        method = getattr(self.d, name)
        return lambda *args, **kw: self.apply(method(*args, **kw))


def _read(engine, fn):
    with UnitOfWork(engine, role="center") as uow:
        return fn(uow)


def test_cdr_times_for_answered_abandoned_transferred_and_conferenced(engine):
    c = Center(engine, "1001", "1002")
    c.call_queued("a1", caller="13700000001", dialled="2112345", at=at(0), handle={"tindex": 1, "tlabel": 1})
    c.ring_failed("a1", "1001", 480, at(15))  # failover to 1002
    c.ring_answered("a1", "1002", at(18.5))
    c.call_conferenced("a1", at(30), "110")
    c.call_ended("a1", at(78.5))
    c.call_queued("a2", caller="13700000002", dialled="12345", at=at(20))  # 1001 rung
    c.caller_left("a2", at(26))
    c.call_queued("a3", caller="13700000003", dialled="12345", at=at(100))
    c.ring_answered("a3", "1001", at(103))
    c.call_transferred("a3", at(160), "8001")

    a1 = _read(engine, lambda u: u.center.call("a1"))
    assert (a1.queue, a1.district, a1.caller, a1.agent) == ("general", "江北区", "13700000001", "1002")
    assert (a1.outcome, a1.offers, a1.wait_s, a1.talk_s) == ("ended", 2, 18.5, 60.0)
    assert a1.queued_at == at(0) and a1.offered_at == at(0) and a1.answered_at == at(18.5) and a1.ended_at == at(78.5)
    assert a1.conferenced == ("110",)
    a2 = _read(engine, lambda u: u.center.call("a2"))
    assert (a2.outcome, a2.abandoned_while, a2.wait_s, a2.answered_at) == ("abandoned", "ringing", 6.0, None)
    a3 = _read(engine, lambda u: u.center.call("a3"))
    assert (a3.outcome, a3.transferred_to, a3.talk_s, a3.wait_s) == ("transferred", "8001", 57.0, 3.0)
    assert [x.call_id for x in _read(engine, lambda u: u.center.today(at(0)))] == ["a1", "a2", "a3"]


def test_append_is_idempotent(engine):
    c = Center(engine, "1001")
    c.call_queued("x", caller="1", dialled="12345", at=at(0))
    c.ring_answered("x", "1001", at(4))
    c.call_ended("x", at(10))
    with UnitOfWork(engine, role="center") as uow:
        assert uow.center.append(c.log) == []  # all of it again
        assert uow.center.append(c.log[:3] + c.log[:3]) == []
        uow.commit()
    events = _read(engine, lambda u: u.center.events_since(at(-1000)))
    assert [e.id for e in events] == [e.id for e in sorted(c.log, key=lambda e: (e.at, e.id))]
    x = _read(engine, lambda u: u.center.call("x"))
    assert (x.offers, x.wait_s, x.talk_s) == (1, 4.0, 6.0)


def test_board_figures(engine):
    c = Center(engine, "1001", "1002", "1003")
    c.agent_state("1003", "not-ready", at(0), reason="培训")
    # answered within 15 s, answered after 20 s, abandoned, overflowed, one still waiting
    c.call_queued("q1", caller="1", dialled="12345", at=at(0))  # 1001
    c.ring_answered("q1", "1001", at(5))
    c.call_queued("q2", caller="2", dialled="12345", at=at(1))  # 1002
    c.ring_failed("q2", "1002", 480, at(16))  # nobody free: q2 goes back to 1002 (it missed least of the free)
    c.ring_answered("q2", "1002", at(21))
    c.call_queued("q3", caller="3", dialled="12345", at=at(30))
    c.caller_left("q3", at(40))
    c.call_queued("q4", caller="4", dialled="12345", at=at(50))
    c.tick(at(170))  # q4 waited 120 s: callback
    c.call_queued("q5", caller="5", dialled="12345", at=at(200))
    figures = _read(engine, lambda u: u.center.board(at(230), plan=c.plan))
    general = next(f for f in figures if f.queue == "general")
    assert [f.queue for f in figures] == ["general", "business", "emergency"]
    assert (general.waiting, general.ringing, general.longest_wait_s, general.talking) == (1, 0, 30.0, 2)
    assert (general.offered, general.answered, general.abandoned, general.overflowed) == (5, 2, 1, 1)
    assert general.answered_in_sl == 1 and general.service_level == 0.25 and general.answer_rate == 0.5
    assert general.meets_target is False and general.answer_target == 0.95 and general.avg_answer_wait_s == 12.5
    assert general.agents == {"talking": 2, "not-ready": 1}
    business = next(f for f in figures if f.queue == "business")
    assert business.agents == {"talking": 1}  # 1002 alone has 营商环境
    assert business.answer_rate is None and business.meets_target is None
    # a configurable service level
    wide = _read(engine, lambda u: u.center.board(at(230), service_level_s=30))
    assert next(f for f in wide if f.queue == "general").answered_in_sl == 2


def test_a_callback_reservation_becomes_a_ticket_in_the_same_unit_of_work(engine):
    c = Center(engine)
    c.call_queued("n1", caller="13700000042", dialled="123452", at=at(0))  # night: nobody logged in
    row = _read(engine, lambda u: u.center.call("n1"))
    assert (row.outcome, row.overflow_kind, row.overflow_why) == ("overflowed", "callback", "night")
    ticket = _read(engine, lambda u: u.tickets.get(row.ticket_id))
    assert ticket.channel == "phone" and ticket.category == "complaint"  # the 营商环境 queue's category 投诉
    assert ticket.caller_phone == "13700000042" and ticket.number.endswith("-ACD-0001")
    assert "营商环境" in ticket.content and "预约回拨" in ticket.content and "夜间" in ticket.content
    c.call_queued("n2", caller="13700000043", dialled="12345", at=at(5))
    second = _read(engine, lambda u: u.tickets.get(u.center.call("n2").ticket_id))
    assert second.number.endswith("-ACD-0002") and second.category == "help"


def test_a_failed_append_leaves_nothing_half_written(engine):
    c = Center(engine)
    events = [x.event for x in c.d.call_queued("f1", caller="1", dialled="12345", at=at(0)) if isinstance(x, Record)]
    with UnitOfWork(engine, role="center") as uow:
        uow.center.append(events)
        # no commit: the ticket, the CDR and the events go together
    assert _read(engine, lambda u: u.center.call("f1")) is None
    assert _read(engine, lambda u: u.center.events_since(at(-1000))) == []


def test_a_director_rebuilt_from_the_stored_events_resumes_the_queue(engine):
    c = Center(engine, "1001")
    c.call_queued("r1", caller="1", dialled="12345", at=at(0), handle={"tindex": 5, "tlabel": 77})
    c.ring_answered("r1", "1001", at(2))
    c.call_queued("r2", caller="2", dialled="12345", at=at(3), handle={"tindex": 6, "tlabel": 78})
    stored = _read(engine, lambda u: u.center.events_since(at(-1000)))
    d = Director.rebuild(plan(), stored, ["1001"], at(10))
    assert [w.call for w in d.snapshot(at(10)).queue("general").waiting] == ["r2"]
    d.call_ended("r1", at(11))
    out = d.agent_state("1001", "ready", at(12))
    route = next(x for x in out if hasattr(x, "ring_timeout_s"))
    assert (route.call, route.agent, route.handle) == ("r2", "1001", {"tindex": 6, "tlabel": 78})
    assert _read(engine, lambda u: u.center.agents_now())["1001"][0] == "talking"
