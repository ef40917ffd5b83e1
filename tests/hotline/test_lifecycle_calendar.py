"""The calendar step (DEADLINES_RECOMPUTED, 时限调整) and the 暂定 marks of a folded ticket (issue 11).

Liangshan 第十二条(二): sign 1 working day, help 7 working days. Provisional 2027 (statutory days
only): Fri 01-01 元旦 off. From Wed 2026-12-30: 12-31 (1), 01-04 (2), 01-05..08 (3-6), 01-11 (7).
"""

from datetime import datetime

import pytest

from hotline.tickets import commands as cmd
from hotline.tickets import errors as E
from hotline.tickets.dues import due_times, moved
from hotline.tickets.lifecycle import fold
from hotline.timezone import CST
from hotline.workcalendar import default_calendar
from tests.hotline.test_lifecycle_support import Ticket, calendar

DEC30 = datetime(2026, 12, 30, 10, 0, tzinfo=CST)
CHANGE = [{"deadline": "finish", "from": "2027-01-11T17:30:00+08:00", "to": "2027-01-12T17:30:00+08:00"}]


def recompute(ticket_id, actor, **kw):
    return cmd.recompute_deadlines(ticket_id, actor, year=2027, reason="2027 年官方放假安排已公布",
                                   changes=CHANGE, **kw)


def test_due_times_over_a_provisional_year_are_marked_第十二条二():
    t = Ticket("liangshan", start=DEC30)
    view = t.dispatched()
    assert view.assignments[0].sign_due == datetime(2026, 12, 31, 17, 30, tzinfo=CST)
    assert view.finish_due == datetime(2027, 1, 11, 17, 30, tzinfo=CST)
    assert view.provisional == ("finish", "finish:unit-a")


def test_the_same_events_on_the_official_year_lose_the_marks_and_move():
    t = Ticket("liangshan", start=DEC30)
    before = t.dispatched()
    official = default_calendar().with_year(2027, {
        datetime(2027, 1, 1).date(): (False, "元旦"), datetime(2027, 1, 4).date(): (False, "测试假日"),
    })
    after = fold(t.events, t.profile, official)
    assert after.provisional == () and after.finish_due == datetime(2027, 1, 12, 17, 30, tzinfo=CST)
    assert moved(before, after) == [
        {"deadline": "finish", "from": "2027-01-11T17:30:00+08:00", "to": "2027-01-12T17:30:00+08:00"},
        {"deadline": "finish:unit-a", "from": "2027-01-11T17:30:00+08:00", "to": "2027-01-12T17:30:00+08:00"},
    ]
    assert set(due_times(after)) == {"dispatch", "finish", "sign:unit-a", "finish:unit-a"}


def test_the_calendar_step_changes_no_state_and_is_kept_in_the_log():
    t = Ticket("liangshan", start=DEC30)
    before = t.dispatched()
    after = t.do(recompute, 60)
    assert (after.state, after.finish_due, after.assignments) == (before.state, before.finish_due, before.assignments)
    assert after.accepted[-1] == t.events[-1].id


def test_the_calendar_step_is_the_centers_and_needs_a_reason_and_a_year():
    t = Ticket("liangshan", start=DEC30)
    t.dispatched()
    t.refuse(lambda tid, actor, **kw: recompute(tid, actor, unit="unit-a", **kw), E.NotApprover)
    t.refuse(lambda tid, actor, **kw: cmd.recompute_deadlines(tid, actor, year=2027, reason="", changes=[], **kw),
             E.BadValue)
    t.refuse(lambda tid, actor, **kw: cmd.recompute_deadlines(tid, actor, year="2027", reason="x", changes=[], **kw),
             E.BadValue)
    t.refuse(lambda tid, actor, **kw: cmd.recompute_deadlines(tid, actor, year=2027, reason="x",
                                                              changes=[{"from": "x"}], **kw), E.BadValue)


def test_a_closed_ticket_takes_no_calendar_step():
    t = Ticket("liangshan", start=DEC30)
    t.awaiting_callback()
    t.do(cmd.call_back, method="sms", reached=True, satisfaction="满意", resolved=True)
    assert not t.view.is_open
    t.refuse(recompute, E.AlreadyClosed)


@pytest.mark.parametrize(("profile", "marked"), [
    # national: first response 2 clock hours (01-01 01:10) unmarked; sign 1 wd (Mon 01-04) and help
    # finish 7 wd (01-04..08, 01-11, 01-12) counted over the provisional 元旦
    ("national", ("finish", "finish:unit-a", "sign:unit-a")),
    # Hohhot 第十六条(二): an emergency is finished within 2 clock hours (01-01 01:10): nothing to mark
    ("hohhot", ()),
])
def test_plain_hour_clocks_are_never_marked(profile, marked):
    t = Ticket(profile, urgency="emergency", start=datetime(2026, 12, 31, 23, 0, tzinfo=CST))
    view = t.dispatched()
    assert view.provisional == marked
    assert datetime(2027, 1, 1, 1, 10, tzinfo=CST) in (view.first_response_due, view.finish_due)
    assert calendar().is_provisional(2027)
