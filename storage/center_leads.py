"""The team leads' requests (``lead-action`` records from the director) written to the audit log.

Called by storage.center.CenterRepository.append in the same transaction as the queue events, with
only the events stored for the first time, so each request is audited exactly once (the audit row's
id is the event's). Actor ``sip:<lead's extension>``, action ``lead-not-ready`` / ``lead-logged-out``
(``lead-bad-request`` when unreadable), subject the agent; detail: result (done | refused), why,
reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from hotline.acd.actions import QueueEvent
from storage.audit import AuditEntry, AuditRepository

LEAD_ACTION = "lead-action"  # telephony.center.lead_actions.LEAD_ACTION


def audit_lead_actions(session: Session, events: Iterable[QueueEvent], origin: str = "center") -> int:
    """Audit rows for the ``lead-action`` events among ``events``; returns how many."""
    repo = AuditRepository(session, None, origin)
    count = 0
    for e in events:
        if e.kind != LEAD_ACTION:
            continue
        d = e.data
        detail = {"result": str(d.get("result", "")), "why": str(d.get("why", "")), "reason": str(d.get("reason", ""))}
        repo.apply_remote(AuditEntry(actor=f"sip:{d.get('by', '')}", action=f"lead-{d.get('action') or 'bad-request'}",
                                     subject_kind="agent", subject_id=e.agent, detail=detail, origin=origin,
                                     at=e.at, id=e.id))
        count += 1
    return count
