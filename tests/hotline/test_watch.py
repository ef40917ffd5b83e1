"""Running clocks and their standing (on time / due soon / overdue) for a Liangshan ticket."""

from hotline.enums import ClockStatus
from hotline.policy_loader import load_profile
from hotline.tickets import commands as c
from hotline.tickets.lifecycle import fold
from hotline.tickets.watch import running_clocks, worst
from hotline.timezone import parse_iso
from hotline.workcalendar import default_calendar

T = parse_iso
PROFILE = load_profile("liangshan")
CAL = default_calendar()


def _ticket(*steps):
    created = c.create("agent", number="N1", profile="liangshan", channel="phone", category="complaint",
                       urgency="normal", content="噪音", caller_phone="13800000000", at=T("2026-09-30T10:00"))
    events = [created] + [step(created.ticket_id) for step in steps]
    return fold(events, PROFILE, CAL)


def test_intake_runs_the_dispatch_clock_3_working_hours_第十二条一():
    view = _ticket()
    (clock,) = running_clocks(view, PROFILE, CAL, T("2026-09-30T11:00"))
    assert (clock.clock, clock.due, clock.status) == ("dispatch", T("2026-09-30T14:30"), ClockStatus.ON_TIME)
    # 3 working hours; 20 % of them (36 min) left at 13:54 -> due soon
    (clock,) = running_clocks(view, PROFILE, CAL, T("2026-09-30T13:55"))
    assert clock.status is ClockStatus.DUE_SOON
    (clock,) = running_clocks(view, PROFILE, CAL, T("2026-09-30T14:31"))
    assert clock.status is ClockStatus.OVERDUE


def test_dispatched_runs_sign_and_finish_per_unit_第十二条二():
    view = _ticket(lambda t: c.dispatch(t, "agent", units=["U1"], at=T("2026-09-30T11:00")))
    # sign clock: 5 working hours on 09-30 + 7 on 10-08 (国庆 10-01..10-07 not counted) = 12 h
    clocks = running_clocks(view, PROFILE, CAL, T("2026-10-08T09:00"))  # 7 of 12 h left
    assert [(k.clock, k.due, k.status, k.unit_id) for k in clocks] == [
        ("sign", T("2026-10-08T17:30"), ClockStatus.ON_TIME, "U1"),
        ("finish", T("2026-10-20T17:30"), ClockStatus.ON_TIME, "U1"),
    ]
    assert worst(clocks) is ClockStatus.ON_TIME
    clocks = running_clocks(view, PROFILE, CAL, T("2026-10-08T16:00"))  # 1.5 of 12 h left: under 20 %
    assert worst(clocks) is ClockStatus.DUE_SOON


def test_signed_stops_the_sign_clock_and_overdue_finish_shows():
    view = _ticket(lambda t: c.dispatch(t, "agent", units=["U1"], at=T("2026-09-30T11:00")),
                   lambda t: c.sign(t, "unit", unit_id="U1", at=T("2026-10-08T09:00")))
    clocks = running_clocks(view, PROFILE, CAL, T("2026-10-21T09:00"))
    assert [(k.clock, k.status) for k in clocks] == [("finish", ClockStatus.OVERDUE)]


def test_closed_ticket_runs_no_clock():
    view = _ticket(lambda t: c.answer_directly(t, "agent", article_id="kb-1", article_version=2,
                                               at=T("2026-09-30T10:05")))
    assert running_clocks(view, PROFILE, CAL, T("2026-09-30T10:06")) == []
    assert worst([]) is None
