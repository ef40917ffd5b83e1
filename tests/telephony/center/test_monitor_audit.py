"""Monitoring requests in the audit log: the checked evapi event, and the store writing each once."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.acd.actions import QueueEvent
from hotline.timezone import now
from storage.tables import AuditRow
from telephony.center.inbound import BadEvent, clean
from telephony.center.monitor_audit import monitor_record
from telephony.center.store import open_store

EVENT = {"event": "monitor", "verdict": "refused", "lead": "1009", "agent": "1001", "mode": "listen",
         "callid": "abc@127.0.0.1", "src": "127.0.0.1"}


def test_the_event_keeps_what_a_forger_wrote_cut_to_printable_text():
    odd = clean({**EVENT, "verdict": "stripped", "lead": "张三 <x>" + "9" * 100, "mode": "listen\r\nX: y"})
    assert odd["lead"].startswith("???<x>") and len(odd["lead"]) == 64
    assert odd["mode"] == "listen??X:?y"
    with pytest.raises(BadEvent):
        clean({**EVENT, "verdict": "maybe"})


def test_the_store_writes_each_monitoring_record_to_the_audit_log_once(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    record = monitor_record(clean(EVENT), now())
    state = QueueEvent("agent-state", now(), agent="1001", data={"state": "ready"})
    store.append([record, state])
    store.append([record])  # a replay after a lost commit answer
    with Session(store.engine) as session:
        rows = list(session.scalars(select(AuditRow)))
    assert [(r.actor, r.action, r.subject_kind, r.subject_id, r.detail["mode"], r.detail["sip_call_id"])
            for r in rows] == [("1009", "monitor-refused", "agent", "1001", "listen", "abc@127.0.0.1")]
    assert rows[0].id == record.id
