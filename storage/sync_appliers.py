"""The sync registry: for every entity that travels over the link, the function that stores one change.

    register("event", _event)                                  # a new entity plugs in here
    register("caller_flag", _caller_flag, from_desks=False)    # made at the center only

``storage.sync`` looks each change's entity up here, on a push (``role="center"``) and on a pull
(``role="desk"``). An applier is ``apply(ctx, change)``: ``ctx.session`` is the transaction the
change is stored in, ``ctx.role`` says where it runs, and ``ctx.events`` / ``ctx.years`` collect
ticket events and calendar years, which sync ingests and re-folds once per batch after every change
is applied. An entity registered ``from_desks=False`` is refused in a push: a desk can never send
one (storage.changelog.CENTER_ONLY stops a desk from recording it in the first place). Every
entity in storage.changelog.ENTITIES is registered below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from hotline.knowledge.article import Article, ArticleVersion
from hotline.tickets.events import Event
from hotline.units import Unit
from storage.accounts import AccountRepository
from storage.audit import AuditEntry, AuditRepository
from storage.calendar import CalendarRepository, year_from_change
from storage.caller_flags import CallerFlagRepository
from storage.changelog import Role
from storage.knowledge.repository import KnowledgeRepository
from storage.units import UnitRepository


@dataclass(frozen=True)
class Change:
    """One change as it travels: its id, what it is about, and the data."""

    change_id: str
    entity: str
    entity_id: str
    payload: dict[str, Any]
    seq: int = 0


@dataclass
class ApplyContext:
    """What appliers share while one batch of changes is stored."""

    session: Session
    role: Role
    events: list[Event] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    _repositories: dict[str, Any] = field(default_factory=dict)

    def repository(self, name: str, make: Callable[[Session], Any]) -> Any:
        """One repository per batch, made on first use (appliers of an entity share it)."""
        if name not in self._repositories:
            self._repositories[name] = make(self.session)
        return self._repositories[name]


Applier = Callable[[ApplyContext, Change], None]


@dataclass(frozen=True)
class Registration:
    """An entity's applier and whether desks may send it."""

    apply: Applier
    from_desks: bool = True


APPLIERS: dict[str, Registration] = {}


def register(entity: str, apply: Applier, *, from_desks: bool = True) -> None:
    """Make ``entity`` travel: ``apply(ctx, change)`` stores one change of it (see the module doc)."""
    if entity in APPLIERS:
        raise ValueError(f"entity {entity!r} is registered already")
    APPLIERS[entity] = Registration(apply, from_desks)


def applier_for(change: Change, role: Role) -> Applier:
    """The applier of ``change``'s entity; ValueError for an unknown entity or one desks may not send."""
    found = APPLIERS.get(change.entity)
    if found is None:
        raise ValueError(f"change {change.change_id}: unknown entity {change.entity!r}")
    if role == "center" and not found.from_desks:
        raise ValueError(f"change {change.change_id}: {change.entity} changes come from the center only")
    return found.apply


# -- the entities ---------------------------------------------------------------------------------


def _event(ctx: ApplyContext, change: Change) -> None:
    ctx.events.append(Event.from_json(change.payload))


def _unit(ctx: ApplyContext, change: Change) -> None:
    ctx.repository("units", lambda s: UnitRepository(s, None)).apply_remote(Unit.from_json(change.payload))


def _audit(ctx: ApplyContext, change: Change) -> None:
    audit = ctx.repository("audit", lambda s: AuditRepository(s, None))
    audit.apply_remote(AuditEntry.from_json(change.payload))


def _calendar(ctx: ApplyContext, change: Change) -> None:
    year, days, source = year_from_change(change.payload)
    CalendarRepository(ctx.session).add_year(year, days, source)
    ctx.years.add(year)


def _knowledge(ctx: ApplyContext) -> KnowledgeRepository:
    return ctx.repository("knowledge", lambda s: KnowledgeRepository(s, None))


def _article_version(ctx: ApplyContext, change: Change) -> None:
    _knowledge(ctx).apply_remote_version(ArticleVersion.from_json(change.payload))


def _article(ctx: ApplyContext, change: Change) -> None:
    _knowledge(ctx).apply_remote(Article.from_json(change.payload))


def _user(ctx: ApplyContext, change: Change) -> None:
    ctx.repository("accounts", lambda s: AccountRepository(s, None)).apply_remote(change.payload)


register("event", _event)
register("unit", _unit)
register("audit", _audit)
register("calendar", _calendar)
register("article_version", _article_version)
register("article", _article)
def _caller_flag(ctx: ApplyContext, change: Change) -> None:
    ctx.repository("caller_flags", lambda s: CallerFlagRepository(s, None)).apply_remote(change.payload)


def _recording(ctx: ApplyContext, change: Change) -> None:
    from storage.recordings import RecordingRepository

    repo = ctx.repository("recordings", lambda s: RecordingRepository(s, None))
    repo.apply_remote(change.payload, from_desk=ctx.role == "center")


register("recording", _recording)
register("user", _user, from_desks=False)
register("caller_flag", _caller_flag, from_desks=False)
