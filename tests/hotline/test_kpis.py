"""KPI definitions on hand-built tickets; every expected figure is counted by hand."""

from __future__ import annotations

from datetime import datetime

from hotline.enums import AssignmentRole, Category, Channel, Satisfaction, TicketState, Urgency
from hotline.kpis import (
    all_rates,
    callback_rate,
    on_time_rate,
    resolution_rate,
    response_rate,
    satisfaction_rate,
)
from hotline.tickets.view import AssignmentView, CallbackView, TicketView
from hotline.timezone import CST

START, END = datetime(2025, 3, 1, tzinfo=CST), datetime(2025, 4, 1, tzinfo=CST)


def d(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=CST)


def ticket(n: int, *, created: datetime | None = None, parts=(), callbacks=(), **kw) -> TicketView:
    return TicketView(id=f"t{n}", number=str(n), profile="liangshan", state=kw.pop("state", TicketState.CLOSED),
                      category=Category.HELP, urgency=kw.pop("urgency", Urgency.NORMAL), channel=Channel.PHONE,
                      content="x", created_at=created or d(3), updated_at=d(20), assignments=tuple(parts),
                      callbacks=tuple(callbacks), **kw)


SIGN_DUE = datetime(2025, 3, 4, 17, tzinfo=CST)


def part(signed: datetime | None, sign_due: datetime | None = SIGN_DUE) -> AssignmentView:
    return AssignmentView(unit_id="u", role=AssignmentRole.LEAD, status="signed" if signed else "dispatched",
                          dispatched_at=d(3), sign_due=sign_due, signed_at=signed)


def cb(n: int, rating: Satisfaction | None, resolved: bool | None = None, screened: bool = False,
       at: datetime | None = None) -> CallbackView:
    return CallbackView(event_id=f"c{n}", at=at or d(12), method="phone", reached=rating is not None,
                        resolved=resolved, satisfaction=rating, screened=screened)


S, B, U = Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED


def test_response_rate_signed_by_the_sign_due_or_first_response_in_time():
    views = [
        ticket(1, dispatched_at=d(3), parts=[part(d(4, 9))]),  # signed in time
        ticket(2, dispatched_at=d(3), parts=[part(d(5, 9))]),  # late
        ticket(3, dispatched_at=d(3), parts=[part(None)]),  # never signed
        ticket(4, dispatched_at=d(3), parts=[part(d(20), sign_due=None)]),  # no sign clock: signed counts
        ticket(5, dispatched_at=d(3), parts=[part(d(3, 11))], urgency=Urgency.SPECIAL,
               first_response_due=d(3, 14), first_response_at=d(3, 15)),  # special: first response late
        ticket(6),  # never dispatched: not counted
        ticket(7, created=d(1, 0).replace(month=2), dispatched_at=d(3), parts=[part(d(4))]),  # other period
    ]
    r = response_rate(views, START, END)
    assert (r.numerator, r.denominator, r.rate) == (2, 5, 0.4)


def test_satisfaction_rate_counts_basic_and_leaves_out_screened_凉山第十三条三():
    views = [
        ticket(1, callbacks=[cb(1, S)]),
        ticket(2, callbacks=[cb(2, B)]),
        ticket(3, callbacks=[cb(3, U)]),
        ticket(4, callbacks=[cb(4, U, screened=True)]),  # screened away entirely
        ticket(5, callbacks=[cb(5, U), cb(6, S, at=d(14))]),  # redo, then satisfied: last rating counts
        ticket(6, callbacks=[cb(7, S), cb(8, U, screened=True, at=d(14))]),  # screened last -> earlier one
        ticket(7, callbacks=[cb(9, None)]),  # not reached
    ]
    r = satisfaction_rate(views, START, END)
    assert (r.numerator, r.denominator, r.rate) == (4, 5, 0.8)


def test_resolution_rate_by_last_answer():
    views = [
        ticket(1, callbacks=[cb(1, S, resolved=True)]),
        ticket(2, callbacks=[cb(2, U, resolved=False)]),
        ticket(3, callbacks=[cb(3, U, resolved=False), cb(4, S, resolved=True, at=d(14))]),
        ticket(4, callbacks=[cb(5, S)]),  # resolved not asked
    ]
    r = resolution_rate(views, START, END)
    assert (r.numerator, r.denominator) == (2, 3)


def test_on_time_rate_overdue_and_unanswered_past_due():
    views = [
        ticket(1, dispatched_at=d(3), finish_due=d(12), replied_at=d(10)),
        ticket(2, dispatched_at=d(3), finish_due=d(12), replied_at=d(13), overdue=True),
        ticket(3, dispatched_at=d(3), finish_due=d(12), replied_at=d(5), overdue=True),  # late return (凉山)
        ticket(4, dispatched_at=d(3), finish_due=d(20), state=TicketState.PROCESSING),  # open, past due at END
        ticket(5, dispatched_at=d(28), finish_due=datetime(2025, 4, 8, tzinfo=CST),
               state=TicketState.PROCESSING, created=d(28)),  # not yet due: not counted
        ticket(6),  # not dispatched
    ]
    r = on_time_rate(views, START, END)
    assert (r.numerator, r.denominator) == (1, 4)


def test_callback_rate_and_empty_period():
    views = [
        ticket(1, reviewed_at=d(10), callbacks=[cb(1, S)]),
        ticket(2, reviewed_at=d(10), callbacks=[cb(2, None)], state=TicketState.AWAITING_CALLBACK),
        ticket(3, reviewed_at=d(10), state=TicketState.AWAITING_CALLBACK),
        ticket(4, reviewed_at=d(10), callbacks=[cb(3, S, at=datetime(2025, 4, 2, tzinfo=CST))]),  # after END
        ticket(5),
    ]
    r = callback_rate(views, START, END)
    assert (r.numerator, r.denominator, r.rate) == (1, 4, 0.25)
    empty = callback_rate(views, END, datetime(2025, 5, 1, tzinfo=CST))
    assert (empty.numerator, empty.denominator, empty.rate) == (0, 0, None)
    assert [x.name for x in all_rates(views, START, END)] == ["响应率", "解决率", "满意率", "按时办结率", "回访率"]
