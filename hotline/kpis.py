"""The hotline's rates (响应率, 解决率, 满意率, on-time rate, 回访率), computed from folded tickets.

Every function takes the tickets as TicketViews and a period ``[start, end)``; a ticket belongs to
the period when it was created in it (``start <= created_at < end``). ``end`` is also the moment at
which an unfinished ticket is judged (past its due by then = late). Each returns a :class:`Rate`
whose ``rate`` is None when nothing counts (denominator 0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from hotline.enums import Satisfaction
from hotline.tickets.view import CallbackView, TicketView


@dataclass(frozen=True)
class Rate:
    """One figure: numerator / denominator, and the rate (None when the denominator is 0)."""

    name: str
    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        """numerator / denominator, or None when nothing counts."""
        return self.numerator / self.denominator if self.denominator else None


def _in_period(views: Iterable[TicketView], start: datetime, end: datetime) -> list[TicketView]:
    return [v for v in views if start <= v.created_at < end]


def _dispatched(view: TicketView) -> bool:
    return view.dispatched_at is not None


def response_rate(views: Iterable[TicketView], start: datetime, end: datetime) -> Rate:
    """响应率: dispatched tickets the units answered the call for in time.

    Denominator: tickets of the period that were dispatched to a unit.
    Numerator: those responded to in time. A ticket with a first-response due (special/emergency
    tickets) responds in time when its first progress report or reply came at or before that due;
    any other ticket when some unit signed (签收) at or before its sign due (a part without a sign
    due counts once signed at all). A response after ``end`` does not count.
    """
    tickets = [v for v in _in_period(views, start, end) if _dispatched(v)]
    hits = 0
    for v in tickets:
        if v.first_response_due is not None:
            hits += v.first_response_at is not None and v.first_response_at <= min(v.first_response_due, end)
            continue
        hits += any(a.signed_at is not None and a.signed_at < end
                    and (a.sign_due is None or a.signed_at <= a.sign_due) for a in v.assignments)
    return Rate("响应率", hits, len(tickets))


def _last_reached(view: TicketView, *, screened_too: bool) -> CallbackView | None:
    reached = [c for c in view.callbacks if c.reached and (screened_too or not c.screened)]
    return reached[-1] if reached else None


def resolution_rate(views: Iterable[TicketView], start: datetime, end: datetime) -> Rate:
    """解决率: of the tickets whose caller said whether the matter was solved, how many were solved.

    Denominator: tickets of the period with at least one callback that reached the caller and
    recorded ``resolved`` (true or false). Numerator: those whose last such callback says resolved.
    Screening (甄别) concerns the rating only and does not change this figure.
    """
    counted = solved = 0
    for v in _in_period(views, start, end):
        answers = [c for c in v.callbacks if c.reached and c.resolved is not None]
        if answers:
            counted += 1
            solved += bool(answers[-1].resolved)
    return Rate("解决率", solved, counted)


def satisfaction_rate(views: Iterable[TicketView], start: datetime, end: datetime) -> Rate:
    """满意率: of the rated tickets, how many the caller was satisfied or basically satisfied with.

    Each ticket counts once, by its last rated callback (reached, with a rating) that was not
    screened (甄别, Liangshan 第十三条(三)); a ticket whose every rating was screened is left out.
    Denominator: tickets of the period with such a rating. Numerator: those rated 满意 or 基本满意.
    """
    counted = happy = 0
    for v in _in_period(views, start, end):
        last = _last_reached(v, screened_too=False)
        if last is None or last.satisfaction is None:
            continue
        counted += 1
        happy += last.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASIC)
    return Rate("满意率", happy, counted)


def on_time_rate(views: Iterable[TicketView], start: datetime, end: datetime) -> Rate:
    """按时办结率: dispatched tickets answered by their finish due.

    Denominator: dispatched tickets of the period that were answered (``replied_at`` set) or whose
    finish due had passed by ``end`` unanswered. Numerator: those answered and not counted overdue
    (``overdue`` is set when the units answered after the finish due in force, extensions included,
    or - Liangshan 第十二条(二) - a unit returned the ticket after the return window).
    """
    counted = ok = 0
    for v in _in_period(views, start, end):
        if not _dispatched(v):
            continue
        answered = v.replied_at is not None and v.replied_at < end
        past_due = v.finish_due is not None and v.finish_due < end
        if answered or past_due:
            counted += 1
            ok += answered and not v.overdue
    return Rate("按时办结率", ok, counted)


def callback_rate(views: Iterable[TicketView], start: datetime, end: datetime) -> Rate:
    """回访率: tickets whose answer was accepted and whose caller was reached by a callback.

    Denominator: tickets of the period whose reply was accepted in review (``reviewed_at`` before
    ``end``). Numerator: those with at least one callback that reached the caller before ``end``
    (an unanswered SMS or call is an attempt, not a callback).
    """
    tickets = [v for v in _in_period(views, start, end) if v.reviewed_at is not None and v.reviewed_at < end]
    done = sum(any(c.reached and c.at < end for c in v.callbacks) for v in tickets)
    return Rate("回访率", done, len(tickets))


def all_rates(views: Iterable[TicketView], start: datetime, end: datetime) -> list[Rate]:
    """The five rates, in the order the bulletins (通报) list them."""
    tickets = list(views)
    return [f(tickets, start, end) for f in (response_rate, resolution_rate, satisfaction_rate, on_time_rate,
                                             callback_rate)]
