"""Intake and its dispositions, for every profile: fields, classification, direct answer, not accepted,
emergency linkage, repeats; closing and archiving."""

from __future__ import annotations

import pytest

from hotline.enums import Category, TicketState
from hotline.tickets import commands as cmd
from hotline.tickets import errors as E
from hotline.tickets.lifecycle import NoTicket, decide, fold
from tests.hotline.test_lifecycle_support import PROFILES, T0, Ticket, at, calendar


@pytest.mark.parametrize("missing", ["content", "category", "urgency", "channel", "number", "profile"])
def test_created_needs_the_intake_record_鄂尔多斯第十八条_凉山第十条(missing):
    t = Ticket("ordos")
    data = dict(t.events[0].data)
    data[missing] = ""
    bad = cmd.create("agent-1", **{k: v for k, v in data.items() if k in (
        "number", "profile", "channel", "category", "urgency", "content")}, caller_phone="1")
    with pytest.raises(E.IntakeIncomplete, match=missing):
        decide(None, bad, t.profile, calendar())


def test_phone_request_needs_caller_number_凉山第十条():
    t = Ticket("liangshan")
    bad = cmd.create("agent-1", number="n", profile="liangshan", channel="phone", category="help",
                     urgency="normal", content="x")
    with pytest.raises(E.CallerPhoneMissing):
        decide(None, bad, t.profile, calendar())
    web = cmd.create("agent-1", number="n", profile="liangshan", channel="web", category="咨询",
                     urgency="一般", content="x")
    decide(None, web, t.profile, calendar())  # a web message may come without a number


def test_created_records_the_caller_and_matter_鄂尔多斯第十八条():
    v = Ticket("ordos", caller_name="王女士", caller_address="东胜区", matter_address="天骄路 8 号",
               call_time="2025-03-03T09:28:00").view
    assert (v.state, v.caller_name, v.caller_address, v.matter_address) == (
        TicketState.INTAKE, "王女士", "东胜区", "天骄路 8 号")
    assert v.call_time == at("2025-03-03 09:28")
    assert v.caller_phone == "13800000000"


def test_second_created_and_foreign_profile_are_refused():
    t = Ticket("national")
    again = cmd.create("agent-1", number="x", profile="national", channel="web", category="help",
                       urgency="normal", content="x", ticket_id=t.id)
    with pytest.raises(E.AlreadyCreated):
        decide(t.view, again, t.profile, calendar())
    other = cmd.create("agent-1", number="x", profile="hohhot", channel="web", category="help",
                       urgency="normal", content="x")
    with pytest.raises(E.ProfileMismatch):
        decide(None, other, t.profile, calendar())
    with pytest.raises(NoTicket):
        fold([other], t.profile, calendar())


@pytest.mark.parametrize("profile", PROFILES)
def test_classified_during_intake_only(profile):
    t = Ticket(profile)
    v = t.do(cmd.classify, category="投诉")
    assert v.category is Category.COMPLAINT
    t.dispatched()
    t.refuse(cmd.classify, E.IntakeOver, category="consult")


def test_classification_moves_the_dispatch_clock_凉山第十二条一():
    t = Ticket("liangshan")
    assert t.view.dispatch_due == at("2025-03-03 14:00")  # 3 working hours, lunch 12:00-13:30
    v = t.do(cmd.classify, urgency="special")
    assert v.dispatch_due == T0  # 特殊事项: at once


@pytest.mark.parametrize("profile", PROFILES)
def test_direct_answer_records_article_and_version_长治三三_内蒙古第十一条(profile):
    t = Ticket(profile, category="consult")
    t.refuse(cmd.answer_directly, E.ArticleMissing, article_id="kb-1", article_version="v2")
    v = t.do(cmd.answer_directly, article_id="kb-1", article_version=3)
    assert (v.state, v.closed_how, v.article_id, v.article_version) == (TicketState.CLOSED, "direct", "kb-1", 3)
    t.refuse(cmd.dispatch, E.AlreadyClosed, units=["unit-a"])


NOT_ACCEPTED_KEY = {
    "national": "legal-procedure", "inner-mongolia": "petition", "liangshan": "military",
    "changzhi": "outside-city", "hohhot": "settled-history", "ordos": "outside-remit",
}


@pytest.mark.parametrize("profile", PROFILES)
def test_not_accepted_with_a_class_of_the_profile(profile):
    t = Ticket(profile)
    t.refuse(cmd.not_accept, E.GuidanceClassUnknown, class_key="no-such-class")
    v = t.do(cmd.not_accept, class_key=NOT_ACCEPTED_KEY[profile], guidance="请向法院起诉")
    assert (v.state, v.closed_how, v.guidance_class) == (TicketState.CLOSED, "not-accepted", NOT_ACCEPTED_KEY[profile])


def test_military_class_is_liangshan_not_hohhot_凉山第九条四():
    Ticket("liangshan").do(cmd.not_accept, class_key="military")
    Ticket("hohhot").refuse(cmd.not_accept, E.GuidanceClassUnknown, class_key="military")


@pytest.mark.parametrize("line", ["110", "119", "120", "122", "燃气", "95598"])
def test_emergency_linkage_closes_at_intake_鄂尔多斯第十八条一_凉山第十四条(line):
    v = Ticket("ordos").do(cmd.link_emergency, line=line)
    assert (v.state, v.closed_how, len(v.emergency_lines)) == (TicketState.CLOSED, "emergency", 1)


def test_emergency_line_unknown_and_linkage_on_a_dispatched_ticket():
    t = Ticket("hohhot", urgency="emergency")
    t.refuse(cmd.link_emergency, E.EmergencyLineUnknown, line="999")
    t.dispatched()
    v = t.do(cmd.link_emergency, line="119")
    assert (v.state, v.emergency_lines) == (TicketState.DISPATCHED, ("119",))


REPEAT_CLOSED_HOW = {"national": "repeat", "inner-mongolia": "repeat", "liangshan": "repeat",
                     "changzhi": "repeat", "hohhot": "not-accepted", "ordos": "repeat"}


@pytest.mark.parametrize("profile", PROFILES)
def test_repeat_linked_to_an_open_ticket_呼和浩特第十一条四_鄂尔多斯第十八条四(profile):
    original = Ticket(profile)
    original.dispatched()
    new = Ticket(profile, start=at("2025-03-04 10:00"))
    events = cmd.link_as_repeat(new.view, original.view, new.profile, "agent-2", at=at("2025-03-04 10:05"))
    assert [e.ticket_id for e in events][:2] == [new.id, original.id]
    assert len(events) == (3 if profile == "ordos" else 2)  # Ordos: explain and chase (催办) the original
    new.events.append(events[0])
    original.events.extend(events[1:])
    v = new.view
    assert (v.state, v.closed_how, v.duplicate_of) == (TicketState.CLOSED, REPEAT_CLOSED_HOW[profile], original.id)
    o = original.view
    assert (o.repeat_calls, o.chase_count, o.rejected) == (1, 1 if profile == "ordos" else 0, ())


@pytest.mark.parametrize("profile", ["liangshan", "ordos"])
def test_repeat_of_a_closed_ticket_is_a_new_ticket(profile):
    original = Ticket(profile, category="consult")
    original.do(cmd.answer_directly, article_id="kb", article_version=1)
    new = Ticket(profile)
    with pytest.raises(E.OriginalNotOpen):
        cmd.link_as_repeat(new.view, original.view, new.profile, "agent-2")
    with pytest.raises(E.RepeatOfItself):
        cmd.link_as_repeat(new.view, new.view, new.profile, "agent-2")


def test_hohhot_repeat_of_a_finished_matter_is_not_accepted_第十一条四():
    original = Ticket("hohhot", category="consult")
    original.do(cmd.answer_directly, article_id="kb", article_version=1)
    new = Ticket("hohhot")
    events = cmd.link_as_repeat(new.view, original.view, new.profile, "agent-2", at=at("2025-03-03 11:00"))
    new.events.append(events[0])
    assert new.view.closed_how == "not-accepted"


@pytest.mark.parametrize("profile", PROFILES)
def test_archive_only_closed_tickets_鄂尔多斯第二十三条(profile):
    t = Ticket(profile)
    t.refuse(cmd.archive, E.NotClosedYet)
    t.do(cmd.not_accept, class_key=NOT_ACCEPTED_KEY[profile])
    v = t.do(cmd.archive)
    assert v.state is TicketState.ARCHIVED and not v.is_open
    t.refuse(cmd.archive, E.AlreadyClosed)
    t.refuse(cmd.chase, E.AlreadyClosed, level=t.profile.supervision_levels[0].key)
