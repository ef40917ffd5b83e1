"""The screen pop: what the agent's screen shows about a caller while the phone rings.

    with UnitOfWork(engine, origin="desk-07") as uow:
        pop = ScreenPop(uow, actor="agent-07").for_caller("+86 137-0000-0001", queue="12345")
        uow.commit()  # the look-up is audited in this unit of work

The number is taken in any form (trunk caller ID, typed) and looked up canonically (hotline.phones).
The caller's tickets come from the projection by the ``(caller_phone, created_at DESC)`` index: one
query of the newest ``limit + 1``; only a caller with more tickets than that costs a second query,
for the open ones beyond them. Open tickets come first, then the newest; open ones carry their
running clocks (due time, standing, 暂定 mark). Open tickets of the same caller are the repeated-call
hint (重复来电: explain, and chase if still open, Ordos 第十八条(四)). Every look-up is audited as a
view of the caller (storage.audit; docs/REGULATIONS.md, Privacy).

The nuisance flag (骚扰电话): ``CallerPop.flag`` is what the ``flags`` lookup says about the canonical
number; without one given, the unit of work's ``caller_flags`` (storage.caller_flags: the center's
flags as pulled, one indexed query) answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select

from hotline.enums import Category, TicketState
from hotline.phones import PhoneNumberInvalid, normalize_phone
from hotline.policy_loader import load_profile
from hotline.tickets.view import TicketView
from hotline.tickets.watch import RunningClock, running_clocks
from hotline.timezone import now
from hotline.workcalendar import CalendarYearMissing
from storage.codec import decoder
from storage.tables import TicketRow
from storage.tickets import CLOSED_STATES

EXCERPT = 40  # characters of the content shown per ticket
#: what the profile's repeated_same_matter rule tells the agent to do with a repeat call
REPEAT_ADVICE = {
    "explain-and-chase": ("同一事项重复来电：解释，在办的视情催办", "explain, and chase if still open"),
    "link": ("同一事项重复来电：关联在办工单", "link it to the open ticket"),
    "not-accepted": ("同一事项无新情况的重复来电不予受理", "not accepted without new facts"),
}


@dataclass(frozen=True)
class CallerFlag:
    """What is known against a number (a nuisance caller, 骚扰电话): the center's active flag."""

    kind: str  # e.g. nuisance (hotline.caller_flags.FlagKind)
    note: str = ""  # the reason the center gave
    since: datetime | None = None  # when it was set
    set_by: str = ""  # who set it (a center login)
    set_by_name: str = ""  # their display name, when the account is known here
    article: str = ""  # the regulation article cited
    label: str = ""  # the kind's Chinese label (骚扰电话)


class FlagLookup(Protocol):
    """Where the screen pop asks whether a number is flagged (storage.caller_flags.CallerFlagRepository)."""

    def flag_for(self, number: str) -> CallerFlag | None:
        """The flag on this canonical number, or None."""
        ...


@dataclass(frozen=True)
class PopTicket:
    """One of the caller's tickets as the pop shows it."""

    id: str
    number: str
    state: TicketState
    category: Category
    excerpt: str  # the content, shortened
    created_at: datetime
    is_open: bool
    clocks: tuple[RunningClock, ...] = ()  # running deadlines, most urgent first (open tickets only)
    profile: str = ""


@dataclass(frozen=True)
class RepeatHint:
    """The caller has open tickets: a new call may be about one of them (重复来电)."""

    tickets: tuple[PopTicket, ...]
    rule: str  # the profile's repeated_same_matter: link | not-accepted | explain-and-chase
    article: str  # where the profile sets the rule (Ordos: 第十八条(四))
    profile: str

    @property
    def message(self) -> str:
        """One line for the pop, in the words of the profile's rule."""
        chinese, english = REPEAT_ADVICE.get(self.rule, REPEAT_ADVICE["link"])
        n = len(self.tickets)
        return f"来电人有 {n} 件在办工单；{chinese} (caller has {n} open tickets: {english}; {self.article})"


@dataclass(frozen=True)
class CallerPop:
    """Everything the pop paints for one ringing call."""

    number: str  # canonical (the number as given when it does not parse)
    raw: str
    valid: bool  # the number parsed (False: an odd caller ID, looked up as given)
    kind: str  # mobile | fixed | service | national | foreign ("" when not valid)
    queue: str | None
    tickets: tuple[PopTicket, ...]  # open first (newest first), then the newest closed ones
    repeat: RepeatHint | None  # the open tickets of this caller, when there are any
    more: bool  # the caller has more tickets than shown
    flag: CallerFlag | None = None  # the center's active flag on the number (caller_flags), if any


class ScreenPop:
    """Answers the desk's screen pop inside a unit of work (whose audit log records each look-up)."""

    def __init__(self, uow: Any, actor: str, *, limit: int = 20, flags: FlagLookup | None = None,
                 at: datetime | None = None) -> None:
        self.uow, self.actor, self.limit, self.at = uow, actor, limit, at
        self.flags = flags if flags is not None else getattr(uow, "caller_flags", None)
        self._decode = decoder(TicketView)

    def for_caller(self, raw_number: str, queue: str | None = None) -> CallerPop:
        """The pop for a ringing call from ``raw_number`` (any form) on ``queue``; audited."""
        raw = raw_number or ""
        try:
            parsed = normalize_phone(raw)
            number, kind, valid = parsed.canonical, parsed.kind, True
        except PhoneNumberInvalid:
            number, kind, valid = raw.strip(), "", False
        if not number:  # no caller ID (anonymous): nothing to look up, nobody's identity shown
            return CallerPop("", raw, False, "", queue, (), None, False, None)
        views, more = self._views(number)
        moment = self.at or now()
        open_views = [v for v in views if v.is_open]
        calendar = self.uow.calendar.load() if open_views else None
        shown = [self._ticket(v, calendar, moment) for v in open_views]
        shown += [self._ticket(v, None, moment) for v in views if not v.is_open][: max(0, self.limit - len(shown))]
        open_shown = tuple(t for t in shown if t.is_open)
        repeat = None
        if open_shown:
            rule = load_profile(open_views[0].profile).repeated_same_matter
            repeat = RepeatHint(open_shown, str(rule.value), rule.article, open_views[0].profile)
        flag = self.flags.flag_for(number) if self.flags is not None else None
        self.uow.audit.record(self.actor, "view-caller", "caller", number, command="screen-pop", queue=queue,
                              given=raw, shown=len(shown))
        return CallerPop(number, raw, valid, kind, queue, tuple(shown), repeat,
                         more or len(views) > len(shown), flag)

    def _views(self, number: str) -> tuple[list[TicketView], bool]:
        """The caller's newest ``limit`` tickets and every open one; whether there are more tickets."""
        session = self.uow.session
        base = select(TicketRow.view).where(TicketRow.caller_phone == number)
        newest = list(session.scalars(base.order_by(TicketRow.created_at.desc()).limit(self.limit + 1)))
        more = len(newest) > self.limit
        rows = newest[: self.limit]
        if more:  # a caller with many tickets: the open ones beyond the newest, by the same index
            opened = base.where(TicketRow.state.not_in(CLOSED_STATES)).order_by(TicketRow.created_at.desc())
            rows += list(session.scalars(opened.limit(self.limit)))
        seen: set[str] = set()
        views = []
        for raw in rows:
            view = self._decode(raw)
            if view.id not in seen:
                seen.add(view.id)
                views.append(view)
        views.sort(key=lambda v: v.created_at, reverse=True)
        return views, more

    def _ticket(self, view: TicketView, calendar: Any, moment: datetime) -> PopTicket:
        clocks: tuple[RunningClock, ...] = ()
        if view.is_open and calendar is not None:
            try:
                clocks = tuple(running_clocks(view, load_profile(view.profile), calendar, moment))
            except CalendarYearMissing:  # a due time the calendar cannot count: shown without clocks
                clocks = ()
        text = view.content if len(view.content) <= EXCERPT else view.content[: EXCERPT - 1] + "…"
        return PopTicket(view.id, view.number, view.state, view.category, text, view.created_at, view.is_open,
                         clocks, view.profile)


__all__ = ["CallerFlag", "CallerPop", "FlagLookup", "PopTicket", "RepeatHint", "ScreenPop"]
