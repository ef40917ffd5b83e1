"""Tables of the guard (migration 0012): the audit chain's bookkeeping, attachments, caller access, unit DB users.

``audit_node`` holds this database's node id (one row), ``audit_chains`` the highest sequence seen of
each audit chain (storage.audit_chain). ``ticket_attachments`` are files attached to a ticket (their
bytes live in a file store; the row holds the name, type, size and digest). ``caller_access`` is the
center's decisions on who may see a caller's identity (storage.caller_access): a ticket marked
confidential (举报人保密) or a grant / revocation for one unit. ``unit_db_users`` maps each per-unit
PostgreSQL login role to its unit; the row-level security policies read it (storage.unit_roles).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, Id


class AuditNodeRow(Base):
    """This database's node id (the one row ``id = 1``), part of every chain made here."""

    __tablename__ = "audit_node"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    node: Mapped[str] = mapped_column(Id)


class AuditChainRow(Base):
    """The head of one audit chain as this database has seen it."""

    __tablename__ = "audit_chains"

    chain: Mapped[str] = mapped_column(String(160), primary_key=True)
    origin: Mapped[str] = mapped_column(String(80))
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    entry_id: Mapped[str] = mapped_column(Id)


class TicketAttachmentRow(Base):
    """A file attached to a ticket (a photo, a unit's reply document)."""

    __tablename__ = "ticket_attachments"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(Id, index=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    added_by: Mapped[str] = mapped_column(String(80))
    added_at: Mapped[datetime]


class CallerAccessRow(Base):
    """One decision on a ticket's caller identity: confidential | grant | revoke (unit_id for the last two)."""

    __tablename__ = "caller_access"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(Id)
    unit_id: Mapped[str | None] = mapped_column(Id)
    kind: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_caller_access_ticket_id_decided_at", "ticket_id", "decided_at"),)


class UnitDbUserRow(Base):
    """A per-unit PostgreSQL login role and the unit whose tickets it may see."""

    __tablename__ = "unit_db_users"

    role_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    unit_id: Mapped[str] = mapped_column(Id, index=True)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    rotated_at: Mapped[datetime | None]
