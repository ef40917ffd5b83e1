"""Who may see a caller's identity: the center's decisions per ticket, applied and audited at every look-up.

Units see a caller's name, number and address masked (hotline.privacy) unless the center granted it
for that ticket to that unit, and never when the reporter asked for confidentiality (举报人保密:
``confidential``, which no grant overrides and which cannot be undone). The center's staff see the
identity. ``present(uow, view, viewer, command)`` returns the view as this viewer may see it and
writes the audit entry of the look-up (``view-caller`` with ``masked`` true/false, or
``unmask-caller`` when a unit is shown an identity granted to it). Exports mask a confidential
reporter's identity for everyone. The same rule holds in PostgreSQL for unit logins
(storage.unit_policies: ``unit_tickets``). Regulations: docs/REGULATIONS.md (Privacy).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.privacy import IDENTITY_FIELDS, MASKERS, Viewer
from hotline.timezone import now
from storage.guard_tables import CallerAccessRow


class AccessRefused(Exception):
    """A decision or look-up the rules refuse; ``code``: confidential | not-assigned | unknown-unit."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def is_confidential(session: Session, ticket_id: str) -> bool:
    """Whether the reporter asked for confidentiality on this ticket."""
    stmt = select(CallerAccessRow.id).where(CallerAccessRow.ticket_id == ticket_id,
                                            CallerAccessRow.kind == "confidential").limit(1)
    return session.scalar(stmt) is not None


def granted(session: Session, ticket_id: str, unit_id: str) -> bool:
    """Whether ``unit_id`` may see this ticket's caller: the latest grant/revoke is a grant, not confidential."""
    if is_confidential(session, ticket_id):
        return False
    stmt = (select(CallerAccessRow.kind)
            .where(CallerAccessRow.ticket_id == ticket_id, CallerAccessRow.unit_id == unit_id,
                   CallerAccessRow.kind.in_(("grant", "revoke")))
            .order_by(CallerAccessRow.decided_at.desc(), CallerAccessRow.id.desc()).limit(1))
    return session.scalar(stmt) == "grant"


def decide(uow: Any, ticket_id: str, kind: str, actor: str, *, unit_id: str | None = None,
           reason: str = "") -> None:
    """Record a center decision (confidential | grant | revoke) and audit it; a grant on a confidential
    ticket is refused (AccessRefused code ``confidential``)."""
    if kind not in ("confidential", "grant", "revoke"):
        raise ValueError(f"unknown decision {kind!r}")
    if kind != "confidential" and not unit_id:
        raise ValueError("a grant or a revocation names a unit")
    if kind == "grant" and is_confidential(uow.session, ticket_id):
        raise AccessRefused("举报人要求保密，来电人信息不得向承办单位提供 (the reporter asked for confidentiality)",
                            "confidential")
    uow.session.add(CallerAccessRow(id=new_id(), ticket_id=ticket_id, unit_id=unit_id if kind != "confidential"
                                    else None, kind=kind, decided_by=actor, decided_at=now(), reason=reason))
    uow.session.flush()
    action = {"confidential": "caller-confidential", "grant": "grant-caller", "revoke": "revoke-caller"}[kind]
    uow.audit.record(actor, action, "ticket", ticket_id, unit_id=unit_id, reason=reason)


def mask_view(view: Any) -> Any:
    """The TicketView with the caller's identity masked."""
    return replace(view, **{f: MASKERS[f](getattr(view, f) or "") for f in IDENTITY_FIELDS})


def present(uow: Any, view: Any, viewer: Viewer, command: str) -> Any:
    """The view as ``viewer`` may see it; the look-up is audited. A unit looking at a ticket not
    assigned to it is refused (AccessRefused code ``not-assigned``)."""
    if viewer.is_center:
        uow.audit.record(viewer.actor, "view-caller", "ticket", view.id, command=command, masked=False)
        return view
    if not any(a.unit_id == viewer.unit_id for a in view.assignments):
        uow.audit.record(viewer.actor, "view-refused", "ticket", view.id, command=command, unit_id=viewer.unit_id)
        raise AccessRefused(f"工单 {view.number} 未交办本单位 (not assigned to this unit)", "not-assigned")
    if granted(uow.session, view.id, str(viewer.unit_id)):
        uow.audit.record(viewer.actor, "unmask-caller", "ticket", view.id, command=command, unit_id=viewer.unit_id)
        return view
    uow.audit.record(viewer.actor, "view-caller", "ticket", view.id, command=command, masked=True,
                     unit_id=viewer.unit_id)
    return mask_view(view)


def for_export(uow: Any, views: list[Any], viewer: Viewer, command: str) -> list[Any]:
    """Views as an export may carry them: a unit's masked unless granted, a confidential reporter's
    masked for everyone; one audit entry names every ticket and which were unmasked."""
    out, shown = [], []
    for view in views:
        if viewer.is_center:
            open_ = not is_confidential(uow.session, view.id)
        else:
            if not any(a.unit_id == viewer.unit_id for a in view.assignments):
                continue
            open_ = granted(uow.session, view.id, str(viewer.unit_id))
        out.append(view if open_ else mask_view(view))
        if open_:
            shown.append(view.id)
    uow.audit.record(viewer.actor, "export", "export", new_id(), command=command, unit_id=viewer.unit_id,
                     tickets=[v.id for v in out], unmasked=shown)
    return out
