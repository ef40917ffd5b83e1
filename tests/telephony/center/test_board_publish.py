"""The director publishes its agents and waiting callers to the central PostgreSQL database, and
checks a team lead's 示忙/签出 request against the lead's group: the real center Kamailio, the real
director (DirectorRunner) with its records and mirror on PostgreSQL, agents and leads over raw SIP."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.acd.plan import parse_plan
from hotline.paths import resources_dir
from storage.board_tables import BoardAgentRow
from storage.db import engine_for
from storage.tables import AuditRow
from telephony.center.runner import kamailio_queues
from telephony.center.store import SqlRecordStore
from tests.telephony.center.board_support import PASSWORDS, lead_message, registered, seed_center, wait_for


def _plan():
    import tomllib

    doc = tomllib.loads((resources_dir() / "center" / "plan.toml").read_text(encoding="utf-8"))
    doc["center"].update({"ring_timeout_s": 2, "wrap_up_s": 1})
    skills = sorted({q["skill"] for q in doc["queues"]})
    doc["agents"] = {"1001": {"skills": skills}}
    return parse_plan(doc, "test-plan")


def _agent(engine, user: str):
    with Session(engine) as s:
        row = s.get(BoardAgentRow, user)
        return None if row is None else (row.state, row.reason)


def _audits(engine):
    with Session(engine) as s:
        return [(r.actor, r.action, r.subject_id, r.detail.get("result"), r.detail.get("why"))
                for r in s.scalars(select(AuditRow).where(AuditRow.action.like("lead-%")).order_by(AuditRow.at))]


def test_an_agent_registering_is_published_and_only_a_lead_of_its_group_may_set_it_busy(pg_url, center, director):
    seed_center(pg_url)
    engine = engine_for(pg_url)
    plan = _plan()
    k = center(queues=kamailio_queues(plan), users=PASSWORDS)
    run = director(plan, k, SqlRecordStore(engine))
    agent = registered(k, "1001")
    try:
        # the director event (a registration: 1001 is ready) reaches the published mirror
        assert wait_for(lambda: _agent(engine, "1001") == ("ready", ""), 10, "1001 published ready")
        # 1002 leads another group: refused, audited, the agent stays ready
        assert lead_message(k, "1002", "lead:not-ready:1001:培训") in (200, 202)
        refused = wait_for(lambda: [a for a in _audits(engine) if a[3] == "refused"], 10, "the refusal audited")
        assert refused == [("sip:1002", "lead-not-ready", "1001", "refused", "other-group")]
        assert _agent(engine, "1001") == ("ready", "")
        # an agent cannot set itself busy through the lead's command either
        assert lead_message(k, "1001", "lead:not-ready:1001") in (200, 202)
        wait_for(lambda: any(a[4] == "not-a-lead" for a in _audits(engine)), 10, "not-a-lead audited")
        # 1003 leads 1001's group: done, and the board's mirror shows 示忙 with the reason
        assert lead_message(k, "1003", "lead:not-ready:1001:培训") in (200, 202)
        assert wait_for(lambda: _agent(engine, "1001") == ("not-ready", "培训"), 10, "1001 published not-ready")
        wait_for(lambda: ("sip:1003", "lead-not-ready", "1001", "done", "") in _audits(engine), 10, "done audited")
        assert next(a for a in run.snapshot().agents if a.user == "1001").state.value == "not-ready"
        # and signs it out
        assert lead_message(k, "1003", "lead:logout:1001") in (200, 202)
        assert wait_for(lambda: _agent(engine, "1001") == ("logged-out", ""), 10, "1001 signed out")
    finally:
        agent.close()
        engine.dispose()
