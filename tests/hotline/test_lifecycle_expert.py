"""Expert opinions (专家意见, EXPERT_OPINION): legal while the ticket is open, refused by name once closed."""

from __future__ import annotations

import pytest

from hotline.enums import TicketState
from hotline.tickets import commands as cmd
from hotline.tickets import errors as E
from hotline.tickets.events import Event, EventKind
from hotline.tickets.lifecycle import LEGAL_STATES, fold
from tests.hotline.test_lifecycle_support import PROFILES, Ticket, calendar

SEAT = {"seat": "社保政策专家坐席", "unit": "青川市人力资源和社会保障局"}


@pytest.mark.parametrize("profile", PROFILES)
def test_an_opinion_is_listed_in_every_open_state_and_changes_nothing_else(profile):
    assert LEGAL_STATES[EventKind.EXPERT_OPINION] == frozenset(
        set(TicketState) - {TicketState.CLOSED, TicketState.ARCHIVED})
    t = Ticket(profile)
    before = t.view
    v = t.do(cmd.expert_opinion, text="按规定可申请失业保险金，需先办理失业登记", call_id="sip-1", **SEAT)
    assert v.state is TicketState.INTAKE and v.dispatch_due == before.dispatch_due
    t.dispatched()
    v = t.do(cmd.expert_opinion, text="建议承办单位核实缴费记录", **SEAT)
    assert v.state is TicketState.DISPATCHED
    assert [(o.seat, o.unit, o.text) for o in v.opinions] == [
        (SEAT["seat"], SEAT["unit"], "按规定可申请失业保险金，需先办理失业登记"),
        (SEAT["seat"], SEAT["unit"], "建议承办单位核实缴费记录")]
    assert v.opinions[0].event_id in v.accepted and v.opinions[0].actor


def test_a_closed_or_archived_ticket_refuses_an_opinion_with_already_closed():
    t = Ticket("ordos")
    t.do(cmd.link_emergency, line="110")
    assert t.view.state is TicketState.CLOSED
    t.refuse(cmd.expert_opinion, E.AlreadyClosed, text="意见", **SEAT)
    t.do(cmd.archive)
    t.refuse(cmd.expert_opinion, E.AlreadyClosed, text="意见", **SEAT)


@pytest.mark.parametrize("kw", [{"seat": "", "text": "意见"}, {"seat": "专家", "text": "  "},
                                {"seat": "专家", "text": "长" * 2001}])
def test_an_opinion_needs_a_seat_and_a_text_of_at_most_2000_characters(kw):
    Ticket("national").refuse(cmd.expert_opinion, E.BadValue, **kw)


def test_an_opinion_survives_the_json_round_trip_and_the_fold_order():
    t = Ticket("liangshan")
    t.do(cmd.expert_opinion, text="意见一", **SEAT)
    again = fold([Event.from_json(e.to_json()) for e in reversed(t.events)], t.profile, calendar())
    assert again.opinions == t.view.opinions
