"""Monitoring requests in the audit log: the director's record of each, stored as an AuditEntry.

Kamailio relays every monitoring request (route[MONITOR] in resources/kamailio/center.cfg) and every
mode switch as a ``monitor`` event. The director turns it into a record (:func:`monitor_record`, a
QueueEvent of kind ``monitor`` with no call, so no CDR is touched) that travels the same spool as its
other records — spooled, retried, never dropped — and the store writes it to the audit log
(:func:`store_audits`) with the record's id, so a replay stores it once.

Audit rows: actor = the lead's extension (or what a stripped sender wrote in From), action =
``monitor-allowed`` | ``monitor-refused`` | ``monitor-stripped`` | ``monitor-mode``, subject = the agent
(``agent``, extension), detail = mode, SIP Call-ID, source address.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from hotline.acd.actions import QueueEvent
from storage.audit import AuditEntry, AuditRepository

MONITOR = "monitor"


def monitor_record(event: dict[str, Any], at: datetime) -> QueueEvent:
    """The director's record of one checked ``monitor`` event (telephony.center.inbound)."""
    return QueueEvent(kind=MONITOR, at=at, agent=event["agent"], caller=event["lead"],
                      data={"verdict": event["verdict"], "mode": event["mode"], "sip_call_id": event["callid"],
                            "src": event["src"]})


def audit_entry(record: QueueEvent, origin: str = "center") -> AuditEntry:
    """The audit entry of a monitoring record (same id: storing it twice keeps one)."""
    data = record.data
    return AuditEntry(actor=record.caller or "-", action=f"monitor-{data.get('verdict', '')}", subject_kind="agent",
                      subject_id=record.agent or "-", origin=origin, at=record.at, id=record.id,
                      detail={"mode": data.get("mode", ""), "sip_call_id": data.get("sip_call_id", ""),
                              "src": data.get("src", "")})


def store_audits(audit: AuditRepository, records: Iterable[QueueEvent]) -> None:
    """Write the records' audit entries not written before (recorded for sync once)."""
    from storage.tables import AuditRow

    for record in records:
        if audit.session.get(AuditRow, record.id) is not None:
            continue
        entry = audit_entry(record, audit.origin or "center")
        audit.apply_remote(entry)
        if audit.recorder is not None:
            audit.recorder.record("audit", entry.id, entry.to_json())
