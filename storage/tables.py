"""The tables, as typed SQLAlchemy 2 declarative classes; the Alembic migrations create exactly these.

Tickets: ``ticket_events`` is the append-only log (the truth); ``tickets``, ``ticket_assignments`` and
``ticket_calls`` (the calls about each ticket) are the projection the fold derives from it, kept so
lists and the screen pop need no fold.
Directory: ``units`` with ``unit_contacts`` and ``expert_seats``. Calendar: ``work_calendar`` (the
days that differ from Monday–Friday work) and ``calendar_years`` (the years it covers). Sync:
``outbox`` (local writes not yet pushed), ``sync_state`` (the pull cursor and the status bar's
facts) and ``changes`` (the central change log, numbered by a server sequence). ``audit_log``
records who viewed a caller's identity or a recording, and every editorial step in the knowledge base.
Knowledge: ``articles`` (each article's working copy and editorial status) and ``article_versions``
(every published text, kept for ever).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import BigId, Json, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Id = String(36)  # a UUIDv7 in its canonical text form


class Base(DeclarativeBase):
    """Declarative base; constraint names are fixed so migrations can refer to them."""

    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: Json, list[Any]: Json}


Base.metadata.naming_convention = NAMING


class TicketRow(Base):
    """A ticket's projection: the fold's TicketView flattened to columns (assignments aside)."""

    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), index=True)
    profile: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(24), index=True)
    category: Mapped[str] = mapped_column(String(24))
    urgency: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str] = mapped_column(String(24))
    caller_phone: Mapped[str] = mapped_column(String(40), default="")  # canonical (hotline.phones)
    caller_phone_raw: Mapped[str] = mapped_column(String(80), default="")  # as given
    caller_name: Mapped[str] = mapped_column(String(80), default="")
    caller_address: Mapped[str] = mapped_column(Text, default="")
    matter_address: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    disposition: Mapped[str] = mapped_column(String(24), default="")
    article_id: Mapped[str | None] = mapped_column(Id)
    article_version: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str | None] = mapped_column(String(24))
    dispatch_due: Mapped[datetime | None]
    finish_due: Mapped[datetime | None]
    callback_due: Mapped[datetime | None]
    first_response_due: Mapped[datetime | None]
    redo_count: Mapped[int] = mapped_column(Integer, default=0)
    chase_level: Mapped[str | None] = mapped_column(String(40))
    satisfaction: Mapped[str | None] = mapped_column(String(24))
    closed_at: Mapped[datetime | None]
    closed_how: Mapped[str] = mapped_column(String(24), default="")
    duplicate_of: Mapped[str | None] = mapped_column(Id)
    repeat_calls: Mapped[int] = mapped_column(Integer, default=0)
    call_id: Mapped[str | None] = mapped_column(String(255), index=True)  # SIP Call-ID of the intake call
    interaction_id: Mapped[str | None] = mapped_column(String(64), index=True)  # that call's recording
    view: Mapped[dict[str, Any]]  # the whole TicketView (storage.codec), what get() returns

    __table_args__ = (Index("ix_tickets_created_at", "created_at"),)


# the screen pop: a caller's latest tickets, newest first
Index("ix_tickets_caller_phone_created_at", TicketRow.caller_phone, TicketRow.created_at.desc())
# the desk's lists (migration 0006): the running deadline they show and sort by, and sorting by category
Index("ix_tickets_due_at", func.coalesce(TicketRow.finish_due, TicketRow.dispatch_due))
Index("ix_tickets_category_created_at", TicketRow.category, TicketRow.created_at)
Index("ix_tickets_state_created_at", TicketRow.state, TicketRow.created_at)


class TicketCallRow(Base):
    """A call about a ticket (the intake call or a linked one), as the fold derives it; synced as events."""

    __tablename__ = "ticket_calls"

    ticket_id: Mapped[str] = mapped_column(Id, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    interaction_id: Mapped[str | None] = mapped_column(String(64), index=True)
    linked_at: Mapped[datetime]
    origin: Mapped[str] = mapped_column(String(80), default="")
    event_id: Mapped[str] = mapped_column(Id)


class EventRow(Base):
    """One ticket event as made, with the fold's verdict on it (accepted, rejected + reason)."""

    __tablename__ = "ticket_events"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(Id)
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    actor_unit: Mapped[str | None] = mapped_column(Id)
    at: Mapped[datetime]
    data: Mapped[dict[str, Any]]
    origin: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | accepted | rejected
    reason: Mapped[str] = mapped_column(Text, default="")
    stored_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_ticket_events_ticket_id_at_id", "ticket_id", "at", "id"),
        Index("ix_ticket_events_actor_kind_ticket_id", "actor", "kind", "ticket_id"),  # 我的工单 (0006)
    )


class AssignmentRow(Base):
    """One unit's part in a ticket, as the fold derives it."""

    __tablename__ = "ticket_assignments"

    ticket_id: Mapped[str] = mapped_column(Id, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[str] = mapped_column(Id)
    role: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    dispatched_at: Mapped[datetime]
    sign_due: Mapped[datetime | None]
    finish_due: Mapped[datetime | None]
    signed_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    extension_days: Mapped[float] = mapped_column(Float, default=0)
    extension_pending: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_ticket_assignments_unit_id_finish_due", "unit_id", "finish_due"),)


class UnitRow(Base):
    """A unit of the directory."""

    __tablename__ = "units"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    level: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    parent_id: Mapped[str | None] = mapped_column(Id, ForeignKey("units.id"), index=True)
    remit: Mapped[list[Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime]


class UnitContactRow(Base):
    """A duty contact of a unit."""

    __tablename__ = "unit_contacts"

    unit_id: Mapped[str] = mapped_column(Id, ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(40))
    hours: Mapped[str] = mapped_column(String(60))


class ExpertSeatRow(Base):
    """An expert seat of a unit, reached by SIP."""

    __tablename__ = "expert_seats"

    unit_id: Mapped[str] = mapped_column(Id, ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    sip_uri: Mapped[str] = mapped_column(String(200), index=True)
    topics: Mapped[list[Any]]
    hours: Mapped[str] = mapped_column(String(60))


class CalendarDayRow(Base):
    """A day that is not an ordinary Monday–Friday working day / weekend: a holiday or a make-up day."""

    __tablename__ = "work_calendar"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(60), default="")


class CalendarYearRow(Base):
    """A year the calendar covers; a year without a row is an error to fix, never a guess."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(60))
    loaded_at: Mapped[datetime]


class OutboxRow(Base):
    """A local write waiting to be pushed to the center; written in the same transaction as the write."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(Id, unique=True)
    entity: Mapped[str] = mapped_column(String(24))  # event | unit | audit
    entity_id: Mapped[str] = mapped_column(Id)
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class ChangeRow(Base):
    """The center's change log: every applied change once, numbered by the server sequence ``seq``."""

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(Id, unique=True)
    entity: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[str] = mapped_column(Id)
    payload: Mapped[dict[str, Any]]
    origin: Mapped[str] = mapped_column(String(80), default="")
    applied_at: Mapped[datetime]


class SyncStateRow(Base):
    """The sync link's memory on a workstation: pull cursor, last success times, last error."""

    __tablename__ = "sync_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigId, default=0)
    last_push_at: Mapped[datetime | None]
    last_pull_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_at: Mapped[datetime | None]


class AuditRow(Base):
    """Who viewed what: a caller's identity, a recording (Privacy in docs/REGULATIONS.md)."""

    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))  # view-caller | play-recording | export-recording ...
    subject_kind: Mapped[str] = mapped_column(String(24))  # ticket | recording | caller
    subject_id: Mapped[str] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]]
    origin: Mapped[str] = mapped_column(String(80), default="")
    # the hash chain (migration 0012, storage.audit_chain): "<origin>#<node>", 1, 2, ... and SHA-256 hex
    chain: Mapped[str] = mapped_column(String(160), default="")
    seq: Mapped[int] = mapped_column(BigId, default=0)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    prev_id: Mapped[str] = mapped_column(String(36), default="")  # names an entry removed before this one
    hash: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (
        Index("ix_audit_log_subject_kind_subject_id_at", "subject_kind", "subject_id", "at"),
        Index("ix_audit_log_actor_at", "actor", "at"),
        Index("ix_audit_log_chain_seq", "chain", "seq"),
    )


class ArticleRow(Base):
    """A knowledge article's working copy (hotline.knowledge.Article); ``local_seq`` orders local writes.

    ``local_seq`` grows with every write to this database (an edit here or a change pulled in), so
    the workstation's search index catches up by reading the rows past the last sequence it indexed.
    """

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(60), index=True)
    unit_id: Mapped[str | None] = mapped_column(Id, index=True)
    tags: Mapped[list[Any]]
    standard: Mapped[bool] = mapped_column(Boolean, default=False)
    effective_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    review_by: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    published_version: Mapped[int] = mapped_column(Integer, default=0)
    edited_by: Mapped[str] = mapped_column(String(80), default="")
    edited_at: Mapped[datetime]
    approved_by: Mapped[str | None] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    local_seq: Mapped[int] = mapped_column(BigId, index=True, default=0)


class ArticleVersionRow(Base):
    """A published text of an article, kept for ever (the center sees later which text was given).

    On PostgreSQL the migration adds ``search_tsv`` (tsvector of the segmented title, tags and body)
    with a GIN index for the center's own search; it is not mapped here.
    """

    __tablename__ = "article_versions"

    article_id: Mapped[str] = mapped_column(Id, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(60))
    unit_id: Mapped[str | None] = mapped_column(Id)
    tags: Mapped[list[Any]]
    standard: Mapped[bool] = mapped_column(Boolean, default=False)
    effective_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    review_by: Mapped[date | None] = mapped_column(Date)
    edited_by: Mapped[str] = mapped_column(String(80), default="")
    approved_by: Mapped[str] = mapped_column(String(80), default="")
    published_by: Mapped[str] = mapped_column(String(80), default="")
    published_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
