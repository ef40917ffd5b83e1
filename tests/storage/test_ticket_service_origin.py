"""Every event the ticket service writes carries the service's origin (the desk or the center that made it)."""

from __future__ import annotations

from sqlalchemy import select

from hotline.ids import new_id
from hotline.tickets import commands
from hotline.units import Unit, UnitKind, UnitLevel
from storage.tables import EventRow
from storage.ticket_service import TicketService
from storage.uow import UnitOfWork


def _origins(engine, ticket_id: str) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(select(EventRow.kind, EventRow.origin).where(EventRow.ticket_id == ticket_id)).all()
    return {kind: origin for kind, origin in rows}


def test_created_dispatched_and_stepped_events_carry_the_origin(engine):
    unit = Unit(new_id(), "qc.origin", "青川市测试局", UnitLevel.CITY, UnitKind.DEPARTMENT)
    with UnitOfWork(engine, origin="desk-1001") as uow:
        uow.units.save(unit)
        uow.commit()
    service = TicketService(engine, origin="desk-1001")
    view = service.create("agent-1001", seat="1001", profile="national", category="求助", urgency="normal",
                          channel="phone", content="路灯不亮",
                          intake={"caller_phone": "13800138000", "caller_name": "张三"})
    service.dispatch(view.number, "agent-1001", [unit.id])
    service.step(view.id, lambda v: [commands.chase(v.id, "agent-1001", level="system", note="来电人催办")])
    # an origin the builder gives is kept
    service.step(view.id, lambda v: [commands.chase(v.id, "agent-1001", level="system", note="再次催办",
                                                    origin="desk-relay")])
    origins = _origins(engine, view.id)
    assert origins["created"] == "desk-1001"
    assert origins["dispatched"] == "desk-1001"
    with engine.connect() as conn:
        chased = sorted(conn.execute(select(EventRow.origin).where(EventRow.ticket_id == view.id,
                                                                  EventRow.kind == "chased")).scalars())
    assert chased == ["desk-1001", "desk-relay"]
    assert "" not in origins.values()
