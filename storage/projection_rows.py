"""The projection rows of ticket views: ``tickets`` (query columns + the whole view), assignments and calls.

    write_projections(session, views)                            # now, in the session's transaction
    writes = ProjectionWrites.prepare(dialect, views, projected)  # built ahead, run later (storage.pipeline)

Split from storage.projection, which folds the events and decides what to write.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Table
from sqlalchemy.orm import Session

from hotline.tickets.view import TicketView
from storage.bulk import BulkWrite, prepare_delete, prepare_rows
from storage.codec import to_plain
from storage.pipeline import Check
from storage.tables import AssignmentRow, TicketCallRow, TicketRow
from storage.ticket_calls import call_rows


def write_projections(
    session: Session, views: Sequence[TicketView], *, projected: Collection[str] | None = None
) -> None:
    """Write the ``tickets``, ``ticket_assignments`` and ``ticket_calls`` rows of these views.

    Ticket rows are upserted (INSERT ... ON CONFLICT (id) DO UPDATE, storage.bulk); the assignment
    rows are replaced. ``projected`` may name the only tickets that can have a projection already:
    those with events stored before (a projection is only ever written from stored events); the
    others have no assignment rows to delete. None: any of them may.
    """
    if views:
        ProjectionWrites.prepare(session.get_bind().dialect, views, projected).run(session)


@dataclass(frozen=True)
class ProjectionWrites:
    """The statements of :func:`write_projections`, prepared (rows built, JSON encoded) ahead of running."""

    tickets: BulkWrite
    stale_assignments: BulkWrite  # deletes the rows of tickets projected before
    assignments: BulkWrite
    stale_calls: BulkWrite
    calls: BulkWrite

    @classmethod
    def prepare(
        cls, dialect: Dialect, views: Sequence[TicketView], projected: Collection[str] | None = None
    ) -> ProjectionWrites:
        """Build every row of ``views`` (see write_projections for ``projected``)."""
        rows = [projection(v, encode=False) for v in views]  # the view encoded once, with the rows
        parts = [
            {
                "ticket_id": v.id,
                "position": i,
                "unit_id": a.unit_id,
                "role": a.role.value,
                "status": a.status,
                "dispatched_at": a.dispatched_at,
                "sign_due": a.sign_due,
                "finish_due": a.finish_due,
                "signed_at": a.signed_at,
                "replied_at": a.replied_at,
                "extension_days": a.extension_days,
                "extension_pending": a.extension_pending,
            }
            for v in views
            for i, a in enumerate(v.assignments)
        ]
        stale = [v.id for v in views if projected is None or v.id in projected]
        return cls(
            tickets=prepare_rows(dialect, _TICKETS, rows, keys=["id"], on_conflict="update"),
            stale_assignments=prepare_delete(dialect, _ASSIGNMENTS, "ticket_id", stale),
            assignments=prepare_rows(dialect, _ASSIGNMENTS, parts),
            stale_calls=prepare_delete(dialect, _CALLS, "ticket_id", stale),
            calls=prepare_rows(dialect, _CALLS, call_rows(views)),
        )

    def statements(self) -> list[tuple[BulkWrite, Check | None]]:
        """In order, each with the check of its row count (storage.pipeline)."""
        return [(self.tickets, self._all_tickets), (self.stale_assignments, None), (self.assignments, None),
                (self.stale_calls, None), (self.calls, None)]

    def _all_tickets(self, count: int) -> None:
        if count != self.tickets.count:
            raise RuntimeError(f"ticket projection: {self.tickets.count} rows given, {count} written")

    def run(self, session: Session) -> None:
        """Execute them in order in ``session``'s transaction; RuntimeError when a ticket row is missing."""
        for statement, check in self.statements():
            written = statement.run(session)
            if check is not None:
                check(written)


_TICKETS: Table = TicketRow.__table__  # type: ignore[assignment]
_ASSIGNMENTS: Table = AssignmentRow.__table__  # type: ignore[assignment]
_CALLS: Table = TicketCallRow.__table__  # type: ignore[assignment]


def projection(view: TicketView, *, encode: bool = True) -> dict[str, Any]:
    """The ``tickets`` row of a view: query columns plus the whole view as JSON.

    ``encode=False`` leaves the view itself in the ``view`` column, for storage.bulk.write_rows,
    which encodes it straight to JSON text (storage.codec.dumps) without a plain copy first.
    """

    def value(x: Any) -> Any:
        return getattr(x, "value", x)

    return {
        "id": view.id,
        "number": view.number,
        "profile": view.profile,
        "state": value(view.state),
        "category": value(view.category),
        "urgency": value(view.urgency),
        "channel": value(view.channel),
        "caller_phone": view.caller_phone,
        "caller_phone_raw": view.caller_phone_raw or view.caller_phone,
        "caller_name": view.caller_name,
        "caller_address": view.caller_address,
        "matter_address": view.matter_address,
        "content": view.content,
        "created_at": view.created_at,
        "updated_at": view.updated_at,
        "disposition": view.disposition,
        "article_id": view.article_id,
        "article_version": view.article_version,
        "mode": value(view.mode),
        "dispatch_due": view.dispatch_due,
        "finish_due": view.finish_due,
        "callback_due": view.callback_due,
        "first_response_due": view.first_response_due,
        "redo_count": view.redo_count,
        "chase_level": view.chase_level,
        "satisfaction": value(view.satisfaction),
        "closed_at": view.closed_at,
        "closed_how": view.closed_how,
        "duplicate_of": view.duplicate_of,
        "repeat_calls": view.repeat_calls,
        "call_id": view.call_id or None,
        "interaction_id": view.interaction_id or None,
        "view": to_plain(view) if encode else view,
    }
