"""The ticket write path shared by the CLI and the desk: numbering, lookup, one step in one transaction.

    service = TicketService(engine, origin="desk-1001")
    view = service.create("agent-1001", seat="007", profile="liangshan", category="投诉", urgency="一般",
                          channel="电话", content="…", intake={"caller_phone": "13700000001", "call_id": "…"})
    view = service.step(view.id, lambda v: [commands.dispatch(v.id, "agent-1001", units=[unit_id])])
    service.preview("liangshan", "投诉", "一般", at)     # the deadlines the intake would get

Every write validates the events against the lifecycle before anything is stored (``uow.tickets.add``
raises the lifecycle's named error, and the transaction rolls back: nothing is half-written).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from storage.uow import UnitOfWork


@dataclass(frozen=True)
class DuePreview:
    """One clock of a profile for an intake: its label, the due time (None: not set) and why not."""

    clock: str
    label: str
    due: datetime | None
    provisional: bool
    note: str


def next_number(uow: UnitOfWork, day: date, seat: str) -> str:
    """The next ticket number of ``seat`` on ``day`` in this database (ValueError for a bad seat)."""
    from hotline.tickets.numbers import format_number, number_prefix
    from storage.tickets import TicketFilter

    taken = uow.tickets.count(TicketFilter(number_prefix=number_prefix(day, seat)))
    return format_number(day, seat, taken + 1)


def resolve(uow: UnitOfWork, key: str) -> Any:
    """The ticket named by id or number; TicketNotFound when there is none."""
    from storage.tickets import TicketFilter, TicketNotFound

    try:
        return uow.tickets.get(key)
    except TicketNotFound:
        pass
    matches = [v for v in uow.tickets.list(TicketFilter(text=key, limit=5)) if v.number == key]
    if not matches:
        raise TicketNotFound(key)
    return matches[0]


class TicketService:
    """Ticket writes and reads for one origin (a desk, the CLI, the center)."""

    def __init__(self, engine: Engine, origin: str = "") -> None:
        self.engine = engine
        self.origin = origin

    def create(self, actor: str, *, seat: str, profile: str, category: str, urgency: str, channel: str,
               content: str, intake: Mapping[str, Any] | None = None, at: datetime | None = None,
               ticket_id: str | None = None) -> Any:
        """A new ticket numbered for ``seat`` today (or on ``at``'s day); returns its view."""
        from hotline.tickets import commands
        from hotline.timezone import now

        with UnitOfWork(self.engine, origin=self.origin) as uow:
            number = next_number(uow, (at or now()).date(), seat)
            extra = {"at": at} if at is not None else {}
            event = commands.create(actor, number=number, profile=profile, category=category, urgency=urgency,
                                    channel=channel, content=content, ticket_id=ticket_id, origin=self.origin,
                                    **extra, **{k: v for k, v in (intake or {}).items() if v not in (None, "")})
            view = uow.tickets.add([event])
            uow.commit()
            return view

    def step(self, key: str, build: Callable[[Any], list[Any]]) -> Any:
        """Apply the events ``build(view)`` makes to the ticket ``key`` in one transaction."""
        with UnitOfWork(self.engine, origin=self.origin) as uow:
            view = resolve(uow, key)
            events = [_stamped(e, self.origin) for e in build(view)]
            if events:
                view = uow.tickets.add(events)
            uow.commit()
            return view

    def dispatch(self, key: str, actor: str, unit_ids: list[str], *, mode: str = "single",
                 at: datetime | None = None) -> Any:
        """Dispatch to units of the directory (UnitError naming one that is not there: nothing written)."""
        from hotline.tickets import commands
        from hotline.units import UnitError

        with UnitOfWork(self.engine, origin=self.origin) as uow:
            for unit_id in unit_ids:
                if uow.units.find(unit_id) is None:
                    raise UnitError(f"承办单位不存在 (no such unit in the directory): {unit_id}")
            view = resolve(uow, key)
            extra = {"at": at} if at is not None else {}
            view = uow.tickets.add([commands.dispatch(view.id, actor, units=list(unit_ids), mode=mode,
                                                                origin=self.origin, **extra)])
            uow.commit()
            return view

    def screen_pop(self, raw_number: str, actor: str, queue: str | None = None, at: datetime | None = None) -> Any:
        """The screen pop (storage.screenpop.CallerPop) for a ringing call; the look-up is audited."""
        from storage.screenpop import ScreenPop

        with UnitOfWork(self.engine, origin=self.origin) as uow:
            pop = ScreenPop(uow, actor, at=at).for_caller(raw_number, queue)
            uow.commit()
            return pop

    def history(self, phone: str, actor: str = "", limit: int = 20) -> list[Any]:
        """The caller's latest tickets (the screen pop); the look-up is audited in the same transaction."""
        with UnitOfWork(self.engine, origin=self.origin) as uow:
            views = uow.tickets.history_for_caller(phone, limit=limit)
            if actor and phone:
                uow.audit.record(actor, "view-caller", "caller", phone, command="desk screen pop")
                uow.commit()
            return views

    def emergency_link(self, key: str, line: str) -> dict[str, Any] | None:
        """What the ticket records of a three-way call to ``line`` (times, consent), or None."""
        from hotline.tickets.events import EventKind

        with UnitOfWork(self.engine, origin=self.origin) as uow:
            view = resolve(uow, key)
            found = [dict(e.data) for e in uow.tickets.events(view.id)
                     if e.kind == EventKind.EMERGENCY_LINKED and str(e.data.get("line")) == line]
        return found[-1] if found else None

    def page(self, where: Any, order_by: str = "created_at", descending: bool = True, offset: int = 0,
             limit: int = 200, at: datetime | None = None) -> list[Any]:
        """One page of a desk list (storage.ticket_pages.PageRow tuples), sorted and paged in SQL."""
        with UnitOfWork(self.engine, origin=self.origin) as uow:
            return uow.tickets.page(where, order_by, descending, offset, limit, at)

    def due_soon(self, actor: str, at: datetime, working_hours: float = 4) -> list[Any]:
        """The open tickets ``actor`` created with a clock due soon (storage.due_soon.DueSoon)."""
        from storage.due_soon import due_soon

        with UnitOfWork(self.engine, origin=self.origin) as uow:
            return due_soon(uow, actor, at, working_hours)

    def get(self, key: str) -> Any:
        with UnitOfWork(self.engine, origin=self.origin) as uow:
            return resolve(uow, key)

    def units(self, text: str = "", limit: int = 50) -> list[Any]:
        """Units whose name, code or remit contains ``text`` (all when empty), for a picker."""
        with UnitOfWork(self.engine, origin=self.origin) as uow:
            units = uow.units.all()
        needle = text.strip().lower()
        units = [u for u in units if u.active]
        if needle:
            ranked = [(_rank(u, needle), i, u) for i, u in enumerate(units)]
            units = [u for r, _, u in sorted(ranked, key=lambda x: (x[0], x[1])) if r < 3]
        return units[:limit]

    @staticmethod
    def preview(profile: str, category: str, urgency: str, at: datetime) -> list[DuePreview]:
        """The profile's clocks for this intake, counted from ``at`` (pure: no database)."""
        from hotline.deadlines import due_info
        from hotline.policy import ClockUnavailable
        from hotline.policy_loader import load_profile
        from hotline.workcalendar import default_calendar

        prof = load_profile(profile)
        out = []
        for clock, label in CLOCKS:
            try:
                info = due_info(prof, default_calendar(), clock, category, urgency, at)
            except ClockUnavailable as exc:
                out.append(DuePreview(clock, label, None, False, exc.reason))
                continue
            out.append(DuePreview(clock, label, info.at, info.provisional, info.article))
        return out


CLOCKS = (("dispatch", "转办"), ("sign", "签收"), ("finish", "办结"))


def _stamped(event: Any, origin: str) -> Any:
    """The event with this service's origin when its builder left it empty (an origin given is kept)."""
    if event.origin or not origin:
        return event
    import dataclasses

    return dataclasses.replace(event, origin=origin)


def _rank(unit: Any, needle: str) -> int:
    """0: the code, 1: the name or short name, 2: the remit (职责) matches; 3: no match."""
    if unit.code.lower() == needle:
        return 0
    if needle in unit.name.lower() or needle in (unit.short_name or "").lower() or needle in unit.code.lower():
        return 1
    if any(needle in r.lower() for r in unit.remit):
        return 2
    return 3
