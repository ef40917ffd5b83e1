"""Dispatch, sign-off, multi-unit modes, returns and extensions, for every profile."""

from __future__ import annotations

import pytest

from hotline.enums import AssignmentRole, TicketState
from hotline.tickets import commands as cmd
from hotline.tickets import errors as E
from tests.hotline.test_lifecycle_support import PROFILES, Ticket, at

MODES = {
    "national": {"single", "lead-assist"}, "inner-mongolia": {"single", "lead-assist"},
    "liangshan": {"single", "lead-assist", "countersign"}, "changzhi": {"single", "lead-assist"},
    "hohhot": {"single", "lead-assist", "dual"}, "ordos": {"single", "lead-assist"},
}


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("mode", ["lead-assist", "countersign", "dual"])
def test_multi_unit_mode_only_where_the_profile_allows_it(profile, mode):
    t = Ticket(profile)
    if mode in MODES[profile]:
        assert t.dispatched("unit-a", "unit-b", mode=mode).state is TicketState.DISPATCHED
    else:
        t.refuse(cmd.dispatch, E.ModeNotAllowed, units=["unit-a", "unit-b"], mode=mode)


@pytest.mark.parametrize("profile", PROFILES)
def test_single_unit_walk_sign_reply(profile):
    t = Ticket(profile)
    t.refuse(cmd.sign, E.NotDispatched, unit_id="unit-a")
    t.refuse(cmd.dispatch, E.UnitsInvalid, units=["unit-a", "unit-b"], mode="single")
    t.dispatched()
    t.refuse(cmd.dispatch, E.AlreadyDispatched, units=["unit-b"])
    t.refuse(cmd.reply, E.NotSignedYet, unit_id="unit-a")
    t.refuse(cmd.sign, E.NotAssigned, unit_id="unit-z")
    t.refuse(cmd.sign, E.NotAssigned, unit_id="unit-a", unit="unit-z")  # acting for another unit
    assert t.signed().state is TicketState.PROCESSING
    t.refuse(cmd.sign, E.AlreadySigned, unit_id="unit-a")
    v = t.replied()
    assert v.state is TicketState.REPLIED and v.replied_at == t.now
    t.refuse(cmd.reply, E.AlreadyReplied, unit_id="unit-a")


def test_liangshan_due_times_第十二条一二():
    t = Ticket("liangshan")  # 求助, created Mon 2025-03-03 09:30
    v = t.dispatched()  # 09:40
    a = v.assignments[0]
    assert a.sign_due == at("2025-03-04 17:30")  # 1 working day
    assert a.finish_due == v.finish_due == at("2025-03-12 17:30")  # 求助 7 working days
    assert (v.dispatch_due, v.first_response_due) == (at("2025-03-03 14:00"), None)


def test_liangshan_special_ticket_first_response_第十二条四():
    t = Ticket("liangshan", urgency="special")
    v = t.dispatched()
    assert v.first_response_due == at("2025-03-03 13:40")  # 4 clock hours after dispatch at 09:40
    t.signed()
    v = t.do(cmd.report_progress, unit_id="unit-a", text="已到场")
    assert v.first_response_at == at("2025-03-03 10:00") and v.state is TicketState.PROCESSING


def test_hohhot_center_written_limit_第十八条():
    v = Ticket("hohhot").dispatched(finish_days=3)
    assert v.finish_due == at("2025-03-06 17:30")


@pytest.mark.parametrize("profile", PROFILES)
def test_lead_waits_for_every_assist_凉山第十一条三_呼和浩特第十七条(profile):
    t = Ticket(profile)
    t.dispatched("lead", "help-1", "help-2", mode="lead-assist")
    for unit in ("lead", "help-1", "help-2"):
        t.signed(unit)
    t.refuse(cmd.reply, E.NotTheLead, unit_id="help-1")
    t.refuse(cmd.assist_reply, E.NotAnAssist, unit_id="lead")
    t.do(cmd.assist_reply, unit_id="help-1")
    t.refuse(cmd.reply, E.AssistsPending, unit_id="lead")
    t.do(cmd.assist_reply, unit_id="help-2")
    assert t.replied("lead").state is TicketState.REPLIED


def test_liangshan_countersign_each_unit_answers_its_part_第十一条三():
    t = Ticket("liangshan")
    t.dispatched("unit-a", "unit-b", mode="countersign")
    t.signed("unit-a")
    t.signed("unit-b")
    assert t.replied("unit-a").state is TicketState.PROCESSING
    assert t.replied("unit-b").state is TicketState.REPLIED


def test_hohhot_dual_dispatch_first_signer_leads_第十五条二_第十七条():
    t = Ticket("hohhot")
    t.dispatched("unit-a", "unit-b", mode="dual")
    v = t.signed("unit-b")
    assert [(a.unit_id, a.role) for a in v.assignments] == [
        ("unit-a", AssignmentRole.ASSIST), ("unit-b", AssignmentRole.LEAD)]
    t.signed("unit-a")
    t.refuse(cmd.reply, E.AssistsPending, unit_id="unit-b")
    t.do(cmd.assist_reply, unit_id="unit-a")
    assert t.replied("unit-b").state is TicketState.REPLIED


def _return(t, unit="unit-a", **kw):
    return t.do(cmd.return_ticket, unit_id=unit, reason="不属于本单位职责", legal_basis="三定方案",
                suggested_unit="unit-b", **kw)


@pytest.mark.parametrize("profile", ["national", "liangshan", "changzhi", "ordos"])
def test_return_then_redispatch_without_review(profile):
    t = Ticket(profile)
    t.dispatched()
    t.refuse(cmd.return_ticket, E.ReturnIncomplete, unit_id="unit-a", reason="不属于", legal_basis="")
    v = _return(t)
    assert (v.state, v.assignments[0].status, v.assignments[0].suggested_unit) == (
        TicketState.RETURNED, "returned", "unit-b")
    t.refuse(cmd.sign, E.NotDispatched, unit_id="unit-a")
    v = t.dispatched("unit-b")
    assert v.state is TicketState.DISPATCHED and [a.status for a in v.assignments] == ["returned", "dispatched"]


@pytest.mark.parametrize("profile", ["hohhot", "inner-mongolia"])
def test_return_goes_to_objection_review_呼和浩特第十五条四(profile):
    t = Ticket(profile)
    t.dispatched()
    t.signed()
    assert _return(t).state is TicketState.RETURN_REVIEW
    t.refuse(cmd.reply, E.ReturnUnderReview, unit_id="unit-a")
    t.refuse(cmd.review_return, E.NotApprover, approved=True, unit="unit-a")
    v = t.do(cmd.review_return, approved=False, note="属于你单位职责")
    assert (v.state, v.assignments[0].status) == (TicketState.PROCESSING, "signed")
    t.refuse(cmd.review_return, E.NoReturnPending, approved=True)
    _return(t)
    v = t.do(cmd.review_return, approved=True)
    assert v.state is TicketState.RETURNED
    assert t.dispatched("unit-b").state is TicketState.DISPATCHED


def test_assist_return_drops_only_its_part():
    t = Ticket("national")
    t.dispatched("lead", "help", mode="lead-assist")
    v = _return(t, unit="help")
    assert v.state is TicketState.DISPATCHED
    t.signed("lead")
    assert t.replied("lead").state is TicketState.REPLIED  # no assist left to wait for


def test_liangshan_late_return_counts_overdue_第十二条二():
    t = Ticket("liangshan")
    t.dispatched()  # Mon 09:40; window: 2 working days -> Wed 17:30
    v = _return(t, when=at("2025-03-06 09:00"))
    assert v.state is TicketState.RETURNED and v.overdue and v.assignments[0].returned_late


@pytest.mark.parametrize("profile", ["national", "changzhi", "ordos"])
def test_return_after_the_one_day_window_is_refused_长治三三_鄂尔多斯第十九条七(profile):
    t = Ticket(profile)
    t.dispatched()  # window: 1 working day -> Tue 17:30
    t.refuse(cmd.return_ticket, E.ReturnWindowClosed, when=at("2025-03-05 09:00"), unit_id="unit-a",
             reason="r", legal_basis="b")
    assert _return(t, when=at("2025-03-04 17:00")).overdue is False


def test_liangshan_consult_not_extendable_第十二条三():
    t = Ticket("liangshan", category="consult")
    t.dispatched()
    t.signed()
    err = t.refuse(cmd.request_extension, E.ExtensionForbidden, unit_id="unit-a", days=3, reason="复杂")
    assert "第十二条(三)" in str(err)


def test_liangshan_extension_granted_moves_finish_due_第十二条三():
    t = Ticket("liangshan")  # finish due Wed 2025-03-12 17:30
    t.dispatched()
    t.refuse(cmd.request_extension, E.NotSignedYet, unit_id="unit-a", days=3, reason="复杂")
    t.signed()
    t.refuse(cmd.request_extension, E.ExtensionTooLong, unit_id="unit-a", days=11, reason="复杂")
    t.refuse(cmd.decide_extension, E.NoExtensionPending, granted=True)
    t.do(cmd.request_extension, unit_id="unit-a", days=5, reason="需现场勘验")
    t.refuse(cmd.request_extension, E.ExtensionPending, unit_id="unit-a", days=1, reason="x")
    t.refuse(cmd.decide_extension, E.NotApprover, granted=True, unit="unit-a")
    v = t.do(cmd.decide_extension, granted=True)
    assert v.finish_due == at("2025-03-19 17:30") and v.assignments[0].extension_days == 5
    v = t.do(cmd.request_extension, unit_id="unit-a", days=2, reason="再延")
    v = t.do(cmd.decide_extension, granted=False, note="不同意")
    assert v.finish_due == at("2025-03-19 17:30") and not v.assignments[0].extension_pending


def test_ordos_extension_asked_after_the_due_is_refused_第十九条八():
    t = Ticket("ordos")  # 7 working days: due Wed 2025-03-12 17:30
    t.dispatched()
    t.signed()
    t.refuse(cmd.request_extension, E.ExtensionTooLate, when=at("2025-03-13 09:00"), unit_id="unit-a",
             days=3, reason="复杂")
    t.do(cmd.request_extension, when=at("2025-03-12 09:00"), unit_id="unit-a", days=15, reason="复杂")
    v = t.do(cmd.decide_extension, granted=True, days=10)
    assert v.finish_due == at("2025-03-26 17:30")


@pytest.mark.parametrize("profile", PROFILES)
def test_chase_levels_of_the_profile(profile):
    t = Ticket(profile)
    level = t.profile.supervision_levels[0].key
    t.refuse(cmd.chase, E.IllegalInState, level=level)  # nothing to chase during intake
    t.dispatched()
    t.refuse(cmd.chase, E.SupervisionLevelUnknown, level="no-such-level")
    v = t.do(cmd.chase, level=level)
    assert (v.chase_level, v.chase_count, v.state) == (level, 1, TicketState.DISPATCHED)


def test_changzhi_chase_level_never_goes_down_三四():
    t = Ticket("changzhi")
    t.dispatched()
    t.do(cmd.chase, level="written")
    v = t.do(cmd.chase, level="system")
    assert (v.chase_level, v.chase_count) == ("written", 2)
