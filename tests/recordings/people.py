"""Test people and recordings at a center database: two teams, their agents, a lead, a supervisor, a unit user."""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline.accounts import Role
from hotline.ids import new_id
from hotline.recording_access import Viewer
from hotline.timezone import now
from storage.recording_tables import RecordingCallRow, RecordingRow
from storage.tables import UnitRow
from storage.uow import UnitOfWork

PASSWORD = "Qa-测试-2026x"
TEAM_A, TEAM_B, UNIT = "team-a", "team-b", "unit-x"


def seed_people(engine) -> dict[str, Viewer]:
    """Accounts: agents 1001 (team A), 1002 (team B); lead-a (team A); qa-li (supervisor); unit-zhao."""
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        for uid, code, kind in ((TEAM_A, "team.a", "team"), (TEAM_B, "team.b", "team"), (UNIT, "qc.x", "bureau")):
            uow.session.add(UnitRow(id=uid, code=code, name=code, level=1, kind=kind, remit=[], updated_at=now()))
        uow.session.flush()
        uow.accounts.create("agent1001", PASSWORD, Role.AGENT, unit_id=TEAM_A, sip_user="1001")
        uow.accounts.create("agent1002", PASSWORD, Role.AGENT, unit_id=TEAM_B, sip_user="1002")
        uow.accounts.create("lead-a", PASSWORD, Role.TEAM_LEAD, unit_id=TEAM_A, sip_user="1901")
        uow.accounts.create("qa-li", PASSWORD, Role.SUPERVISOR)
        uow.accounts.create("unit-zhao", PASSWORD, Role.UNIT_HANDLER, unit_id=UNIT)
        uow.commit()
    return {"agent1001": Viewer("agent1001", Role.AGENT, TEAM_A, "1001"),
            "agent1002": Viewer("agent1002", Role.AGENT, TEAM_B, "1002"),
            "lead-a": Viewer("lead-a", Role.TEAM_LEAD, TEAM_A, "1901"),
            "qa-li": Viewer("qa-li", Role.SUPERVISOR, None),
            "unit-zhao": Viewer("unit-zhao", Role.UNIT_HANDLER, UNIT)}


def add_recording(engine, *, agent: str = "1001", store_path: str | None = None, state: str = "verified",
                  started_at: datetime | None = None, duration_s: float = 12.0, caller: str = "13700000001",
                  queue: str = "12345", call_id: str | None = None) -> str:
    """One row in ``recordings`` (with its leg in ``recording_calls``); its id."""
    rid = new_id()
    leg = call_id or f"call-{rid}"
    with UnitOfWork(engine, origin="center", role="center") as uow:
        uow.session.add(RecordingRow(
            id=rid, interaction_id=new_id(), call_ids=[leg], agent=agent, caller=caller,
            queue=queue, started_at=started_at or now() - timedelta(hours=1), duration_s=duration_s,
            size_bytes=1000, sha256="0" * 64, codec="opus", store_path=store_path or f"{agent}/{rid}.ogg",
            state=state, verified_at=now() if state == "verified" else None, origin="desk-" + agent))
        uow.session.flush()
        uow.session.add(RecordingCallRow(recording_id=rid, call_id=leg))
        uow.commit()
    return rid
