"""The calls about each ticket (``ticket_calls``): written with the projection, read by call or by ticket.

Rows are derived by the fold from the CREATED event's ``call_id`` and every CALL_LINKED event, so
they travel with the ticket events over sync and every machine has the same links. One call can make
several tickets and a ticket can gather several calls; the recording of each call is its
``interaction_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from hotline.tickets.view import TicketView
from storage.tables import TicketCallRow, TicketRow

_CALLS: Table = TicketCallRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class TicketCall:
    """One ticket–call link as stored."""

    ticket_id: str
    call_id: str
    interaction_id: str
    linked_at: datetime
    origin: str
    ticket_number: str = ""


def call_rows(views: Sequence[TicketView]) -> list[dict[str, Any]]:
    """The ``ticket_calls`` rows of these views' links."""
    return [
        {"ticket_id": v.id, "call_id": c.call_id, "interaction_id": c.interaction_id or None,
         "linked_at": c.linked_at, "origin": c.origin, "event_id": c.event_id}
        for v in views
        for c in v.calls
    ]


def tickets_for_call(session: Session, call_id: str) -> list[TicketCall]:
    """The tickets a call made or was linked to, in the order linked (index on call_id)."""
    stmt = (
        select(TicketCallRow, TicketRow.number)
        .join(TicketRow, TicketRow.id == TicketCallRow.ticket_id)
        .where(TicketCallRow.call_id == call_id)
        .order_by(TicketCallRow.linked_at, TicketCallRow.ticket_id)
    )
    return [_call(row, number) for row, number in session.execute(stmt)]


def calls_for_ticket(session: Session, ticket_id: str) -> list[TicketCall]:
    """The calls about a ticket (the intake call first), in the order linked."""
    stmt = (
        select(TicketCallRow)
        .where(TicketCallRow.ticket_id == ticket_id)
        .order_by(TicketCallRow.linked_at, TicketCallRow.call_id)
    )
    return [_call(row) for row in session.scalars(stmt)]


def _call(row: TicketCallRow, number: str = "") -> TicketCall:
    return TicketCall(row.ticket_id, row.call_id, row.interaction_id or "", row.linked_at, row.origin, number)
