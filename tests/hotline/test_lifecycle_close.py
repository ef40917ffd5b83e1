"""After the answer: reply review, callback, redo, 备注办结, 终结办理, 甄别, for every profile."""

from __future__ import annotations

import pytest

from hotline.enums import Satisfaction, TicketState
from hotline.tickets import commands as cmd
from hotline.tickets import errors as E
from tests.hotline.test_lifecycle_support import PROFILES, Ticket, at

FIRST_METHOD = {"liangshan": "sms"}  # 凉山 第十三条(一): SMS first; elsewhere any method


def _call(t, rating, method=None, **kw):
    return t.do(cmd.call_back, method=method or FIRST_METHOD.get(t.profile.id, "phone"), reached=True,
                satisfaction=rating, resolved=rating != "不满意", **kw)


@pytest.mark.parametrize("profile", PROFILES)
def test_review_then_callback_closes_内蒙古第十一条四五(profile):
    t = Ticket(profile)
    t.refuse(cmd.review, E.NotRepliedYet, accepted=True)
    t.answered()
    t.refuse(cmd.review, E.NotApprover, accepted=True, unit="unit-a")
    t.refuse(cmd.call_back, E.NotAwaitingCallback, method="sms", reached=True, satisfaction="满意")
    v = t.do(cmd.review, accepted=False, note="答复不完整")
    assert (v.state, v.assignments[0].status) == (TicketState.PROCESSING, "signed")
    t.replied()
    assert t.do(cmd.review, accepted=True).state is TicketState.AWAITING_CALLBACK
    t.refuse(cmd.call_back, E.SatisfactionMissing, method="sms", reached=True)
    assert t.do(cmd.call_back, method="sms", reached=False).state is TicketState.AWAITING_CALLBACK
    v = _call(t, "基本满意")
    assert (v.state, v.closed_how, v.satisfaction) == (TicketState.CLOSED, "callback", Satisfaction.BASIC)
    assert len(v.callbacks) == 2


def test_ordos_callback_within_one_working_day_第二十一条():
    t = Ticket("ordos")
    t.answered()  # replied Mon 10:00
    assert t.do(cmd.review, accepted=True).callback_due == at("2025-03-04 17:30")


UNSATISFIED_STATE = {
    "national": TicketState.AWAITING_CALLBACK, "inner-mongolia": TicketState.AWAITING_CALLBACK,
    "liangshan": TicketState.AWAITING_CALLBACK, "ordos": TicketState.AWAITING_CALLBACK,
    "changzhi": TicketState.CLOSED, "hohhot": TicketState.CLOSED,  # no redo, no 备注办结 in these profiles
}


@pytest.mark.parametrize("profile", PROFILES)
def test_unsatisfied_callback(profile):
    t = Ticket(profile)
    t.awaiting_callback()
    assert _call(t, "不满意").state is UNSATISFIED_STATE[profile]


@pytest.mark.parametrize("profile", ["national", "inner-mongolia", "ordos"])
def test_redo_after_unsatisfied_内蒙古第十一条五_鄂尔多斯第二十二条(profile):
    t = Ticket(profile)
    t.awaiting_callback()
    t.refuse(cmd.order_redo, E.NotUnsatisfied, reason="x")
    _call(t, "不满意")
    t.refuse(cmd.order_redo, E.ReasonMissing, reason="")
    t.refuse(cmd.note_close, E.NoteCloseNotAllowed, reason="x")
    v = t.do(cmd.order_redo, when=at("2025-03-05 09:00"), reason="诉求合理，应办未办")
    assert (v.state, v.redo_count, v.callback_due, v.assignments[0].status) == (
        TicketState.PROCESSING, 1, None, "signed")
    t.replied()
    t.do(cmd.review, accepted=True)
    assert _call(t, "满意").state is TicketState.CLOSED


def test_liangshan_callback_sms_first_then_manual_then_redo_第十三条():
    t = Ticket("liangshan")  # 求助: 7 working days
    t.awaiting_callback()
    t.refuse(cmd.call_back, E.SmsCallbackFirst, method="phone", reached=True, satisfaction="满意")
    _call(t, "不满意", method="sms")
    t.refuse(cmd.order_redo, E.ManualCallbackRequired, reason="合理")
    _call(t, "不满意", method="phone")
    v = t.do(cmd.order_redo, when=at("2025-03-05 09:00"), reason="应办未办")
    assert v.finish_due == at("2025-03-14 17:30")  # a new 7-working-day clock from the redo
    t.replied()
    t.do(cmd.review, accepted=True)
    t.refuse(cmd.call_back, E.SmsCallbackFirst, method="phone", reached=True, satisfaction="满意")
    assert _call(t, "满意", method="sms").closed_how == "callback"


def test_liangshan_note_close_after_manual_callback_第十三条三():
    t = Ticket("liangshan")
    t.awaiting_callback()
    _call(t, "不满意", method="sms")
    _call(t, "不满意", method="phone")
    v = t.do(cmd.note_close, reason="诉求人期望过高，已解释")
    assert (v.state, v.closed_how) == (TicketState.CLOSED, "note-closed")


def test_liangshan_screening_of_a_disputed_rating_第十三条三():
    t = Ticket("liangshan")
    t.awaiting_callback()
    _call(t, "不满意", method="sms")
    rating_id = t.events[-1].id
    t.refuse(cmd.screen, E.CallbackUnknown, callback_event_id="nope", reason="x")
    t.refuse(cmd.screen, E.NotApprover, callback_event_id=rating_id, reason="x", unit="unit-a")
    v = t.do(cmd.screen, callback_event_id=rating_id, reason="行政执法类事项")
    assert v.callbacks[0].screened and v.state is TicketState.AWAITING_CALLBACK
    t.refuse(cmd.screen, E.AlreadyScreened, callback_event_id=rating_id, reason="x")


@pytest.mark.parametrize("profile", ["national", "inner-mongolia", "changzhi", "hohhot", "ordos"])
def test_screening_terminate_only_in_liangshan(profile):
    t = Ticket(profile)
    t.dispatched()
    t.do(cmd.record_repeat_call, repeat_ticket_id="t-2")
    t.refuse(cmd.terminate, E.TerminateNotAllowed, reason="已依法办理")
    t.signed()
    t.replied()
    t.do(cmd.review, accepted=True)
    _call(t, "满意")
    t.refuse(cmd.screen, E.ScreeningNotAllowed, callback_event_id=t.events[-1].id, reason="x")


def test_liangshan_terminate_needs_a_repeat_or_a_redo_第十三条四():
    t = Ticket("liangshan")
    t.dispatched()
    t.signed()
    t.refuse(cmd.terminate, E.NoRepeatOrRedo, reason="已依法办理")
    assert t.do(cmd.record_repeat_call, repeat_ticket_id="t-2").repeat_calls == 1
    t.refuse(cmd.terminate, E.ReasonMissing, reason="")
    v = t.do(cmd.terminate, reason="书面意见：已依法依规办理，不再重复办理")
    assert (v.state, v.closed_how) == (TicketState.CLOSED, "terminated")
