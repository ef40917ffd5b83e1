"""Events from several workstations merge: any arrival order folds to the same ticket; refused events
are kept and marked, never dropped."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from hotline.enums import TicketState
from hotline.tickets import commands as cmd
from hotline.tickets.lifecycle import NoTicket, fold
from tests.hotline.test_lifecycle_support import Ticket, at, calendar


def _two_desks():
    """A Liangshan ticket: the center's desk (A) and unit-a's desk (B) each logged their own steps."""
    t = Ticket("liangshan")
    t.dispatched("lead", "help", mode="lead-assist")
    t.signed("lead")
    t.signed("help")
    t.do(cmd.request_extension, unit_id="lead", days=2, reason="复杂")
    t.do(cmd.decide_extension, granted=True)
    t.do(cmd.assist_reply, unit_id="help")
    t.replied("lead")
    t.do(cmd.review, accepted=True)
    t.do(cmd.call_back, method="sms", reached=True, satisfaction="满意", resolved=True)
    unit_desk = {"signed", "extension-requested", "assist-replied", "replied"}
    return t, [replace(e, origin="B" if e.kind.value in unit_desk else "A") for e in t.events]


def test_shuffled_arrivals_fold_to_the_same_ticket():
    t, events = _two_desks()
    expected = fold(events, t.profile, calendar())
    assert expected.state is TicketState.CLOSED and expected.rejected == ()
    rng = random.Random(12345)
    for _ in range(40):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert fold(shuffled, t.profile, calendar()) == expected


def test_desk_a_then_desk_b_and_duplicates_count_once():
    t, events = _two_desks()
    a = [e for e in events if e.origin == "A"]
    b = [e for e in events if e.origin == "B"]
    expected = fold(events, t.profile, calendar())
    assert fold(a + b, t.profile, calendar()) == expected
    assert fold(b + a + b, t.profile, calendar()) == expected  # pushed twice: same ids, counted once
    assert len(expected.accepted) == len(events)


def test_rejected_event_is_kept_and_marked_and_the_fold_goes_on():
    t = Ticket("ordos")
    t.dispatched()
    early_reply = cmd.reply(t.id, "unit-clerk", unit_id="unit-a", at=at("2025-03-03 09:45"), origin="B")
    t.signed()  # 09:50, logged at the center
    t.replied()  # 10:00
    events = [*t.events, early_reply]
    for order in (events, list(reversed(events))):
        v = fold(order, t.profile, calendar())
        assert v.state is TicketState.REPLIED
        assert [(r.event_id, r.kind) for r in v.rejected] == [(early_reply.id, "replied")]
        assert "签收" in v.rejected[0].reason
        assert early_reply.id not in v.accepted and len(v.accepted) == 4


def test_events_of_another_ticket_are_rejected_not_dropped():
    t = Ticket("national")
    stray = cmd.chase("other-ticket", "x", level="system", at=at("2025-03-03 10:00"))
    v = fold([*t.events, stray], t.profile, calendar())
    assert v.rejected[0].event_id == stray.id


def test_no_ticket_without_created():
    t = Ticket("national")
    t.dispatched()
    with pytest.raises(NoTicket):
        fold(t.events[1:], t.profile, calendar())


def test_the_table_and_the_steps_cover_every_event_kind():
    from hotline.tickets.events import EventKind
    from hotline.tickets.lifecycle import LEGAL_STATES, STEPS

    assert set(LEGAL_STATES) == set(STEPS) == set(EventKind) - {EventKind.CREATED}
