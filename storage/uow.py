"""The unit of work: one transaction, the repositories that share it, and the sync record of its writes.

    with UnitOfWork(engine, origin="desk-07") as uow:
        view = uow.tickets.add(event)
        uow.commit()

Leaving the block without ``commit()`` rolls everything back, outbox rows included. On a desk
(``role="desk"``) each write adds an outbox row; on the central database (``role="center"``) it goes
straight to the change log. ``changed_tickets`` tells the caller which tickets to redraw.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage.accounts import AccountRepository
from storage.audit import AuditRepository
from storage.calendar import CalendarRepository
from storage.caller_flags import CallerFlagRepository
from storage.center import CenterRepository
from storage.changelog import ChangeRecorder, Role
from storage.knowledge.repository import KnowledgeRepository
from storage.rules import LifecycleRules, TicketRules
from storage.tickets import TicketRepository
from storage.units import UnitRepository


class UnitOfWork:
    """A transaction with the ticket, unit, calendar, audit, knowledge, account, caller-flag and center repositories."""

    tickets: TicketRepository
    units: UnitRepository
    calendar: CalendarRepository
    audit: AuditRepository
    knowledge: KnowledgeRepository
    center: CenterRepository
    accounts: AccountRepository
    caller_flags: CallerFlagRepository
    session: Session

    def __init__(
        self, engine: Engine, *, origin: str = "", role: Role = "desk", rules: TicketRules | None = None
    ) -> None:
        self.engine, self.origin, self.role = engine, origin, role
        self.rules = rules if rules is not None else LifecycleRules()
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.engine, expire_on_commit=False, autoflush=True)
        self.session.begin()
        recorder = ChangeRecorder(self.session, self.role, self.origin)
        self.recorder = recorder
        self.calendar = CalendarRepository(self.session, recorder)
        self.tickets = TicketRepository(self.session, self.rules, self.calendar, recorder)
        self.units = UnitRepository(self.session, recorder)
        self.audit = AuditRepository(self.session, recorder, self.origin)
        self.knowledge = KnowledgeRepository(self.session, recorder)
        self.accounts = AccountRepository(self.session, recorder, self.audit)
        self.caller_flags = CallerFlagRepository(self.session, recorder, self.audit)
        self.center = CenterRepository(self.session, self.tickets, self.origin or "center")
        self._committed = False
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        """Make every write of this unit of work durable, together."""
        self.session.commit()
        self._committed = True

    def rollback(self) -> None:
        """Drop every write of this unit of work."""
        self.session.rollback()

    @property
    def changed_tickets(self) -> set[str]:
        """Ids of the tickets re-folded in this unit of work."""
        return set(self.tickets.touched)
