"""Calls on tickets: the intake call and its recording, repeat calls linked (CALL_LINKED), the number canonical."""

from __future__ import annotations

import pytest

from hotline.enums import TicketState
from hotline.tickets import commands as cmd
from hotline.tickets import errors as E
from hotline.tickets.events import Event, EventKind
from hotline.tickets.lifecycle import LEGAL_STATES, fold
from tests.hotline.test_lifecycle_support import PROFILES, Ticket, calendar


def test_created_during_a_call_records_the_call_and_its_recording():
    t = Ticket("ordos", caller_phone="+86 137-0000-0001", call_id="a84b4c76e66710@10.0.0.5",
               interaction_id="0193a0c2-rec")
    v = t.view
    assert (v.caller_phone, v.caller_phone_raw) == ("13700000001", "+86 137-0000-0001")
    assert (v.call_id, v.interaction_id) == ("a84b4c76e66710@10.0.0.5", "0193a0c2-rec")
    assert [(c.call_id, c.interaction_id, c.event_id) for c in v.calls] == [
        ("a84b4c76e66710@10.0.0.5", "0193a0c2-rec", t.events[0].id)]


def test_the_command_stores_the_canonical_number_with_the_raw_beside_it():
    event = cmd.create("agent-1", number="n", profile="national", channel="phone", category="help",
                       urgency="normal", content="x", caller_phone="008613700000001")
    assert (event.data["caller_phone"], event.data["caller_phone_raw"]) == ("13700000001", "008613700000001")
    odd = cmd.create("agent-1", number="n", profile="national", channel="phone", category="help",
                     urgency="normal", content="x", caller_phone="未显示号码")
    assert (odd.data["caller_phone"], odd.data["caller_phone_raw"]) == ("未显示号码", "未显示号码")


def test_an_event_made_before_normalisation_folds_to_the_canonical_number():
    t = Ticket("national")
    old = Event(**{**t.events[0].__dict__, "data": {**t.events[0].data, "caller_phone": "+8613700000009"}})
    del old.data["caller_phone_raw"]
    v = fold([old], t.profile, calendar())
    assert (v.caller_phone, v.caller_phone_raw) == ("13700000009", "+8613700000009")


@pytest.mark.parametrize("profile", PROFILES)
def test_a_repeat_call_is_linked_in_every_state_but_archived(profile):
    assert LEGAL_STATES[EventKind.CALL_LINKED] == frozenset(set(TicketState) - {TicketState.ARCHIVED})
    t = Ticket(profile, call_id="call-1", interaction_id="rec-1")
    v = t.do(cmd.link_call, call_id="call-2", interaction_id="rec-2")
    assert v.state is TicketState.INTAKE
    t.dispatched()
    t.signed()
    v = t.do(cmd.link_call, call_id="call-3")
    assert v.state is TicketState.PROCESSING
    assert [(c.call_id, c.interaction_id) for c in v.calls] == [("call-1", "rec-1"), ("call-2", "rec-2"),
                                                                ("call-3", "")]
    again = t.do(cmd.link_call, call_id="call-2", interaction_id="other")  # linked once: the first stands
    assert [c.call_id for c in again.calls] == ["call-1", "call-2", "call-3"] and again.calls[1].interaction_id == "rec-2"


def test_a_closed_ticket_takes_a_call_an_archived_one_refuses_it():
    t = Ticket("ordos")
    t.do(cmd.link_emergency, line="110")
    assert t.view.state is TicketState.CLOSED
    assert [c.call_id for c in t.do(cmd.link_call, call_id="call-9").calls] == ["call-9"]
    t.do(cmd.archive)
    err = t.refuse(cmd.link_call, E.AlreadyClosed, call_id="call-10")
    assert "archived" in str(err) or "已归档" in str(err)


def test_a_link_needs_the_call_id():
    t = Ticket("national")
    t.refuse(cmd.link_call, E.BadValue, call_id="")
