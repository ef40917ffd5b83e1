"""Outbox rows share the write's transaction; the units directory and its demo data; the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hotline.ids import new_id
from hotline.units import (
    DutyContact,
    ExpertSeat,
    Unit,
    UnitDirectory,
    UnitError,
    UnitKind,
    UnitLevel,
    check_parent,
)
from storage.demo import demo_units, load_demo, load_units
from storage.tables import ChangeRow, EventRow, OutboxRow, UnitRow
from storage.uow import UnitOfWork
from tests.storage.factories import created


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model))


def test_each_event_gets_an_outbox_row_in_the_same_transaction(engine):
    c = created()
    with UnitOfWork(engine, origin="desk-01") as uow:
        uow.tickets.add(c)
        uow.commit()
    with engine.connect() as conn:
        row = conn.execute(select(OutboxRow)).one()
    assert (row.entity, row.entity_id) == ("event", c.id)
    assert row.payload == c.to_json()


def test_a_failing_transaction_leaves_neither_event_nor_outbox_row(engine):
    with pytest.raises(RuntimeError), UnitOfWork(engine) as uow:
        uow.tickets.add(created())
        raise RuntimeError("the desk crashed before commit")
    with UnitOfWork(engine) as uow:  # leaving without commit() also rolls back
        uow.tickets.add(created())
    assert _count(engine, EventRow) == 0 and _count(engine, OutboxRow) == 0


def test_writes_on_the_center_go_to_the_change_log(engine):
    with UnitOfWork(engine, role="center", origin="center") as uow:
        uow.tickets.add(created())
        uow.tickets.add(created())
        uow.commit()
    assert _count(engine, OutboxRow) == 0
    with engine.connect() as conn:
        seqs = conn.scalars(select(ChangeRow.seq).order_by(ChangeRow.seq)).all()
    assert len(seqs) == 2 and seqs[0] < seqs[1]


def test_audit_log_records_who_viewed_what(engine):
    with UnitOfWork(engine, origin="desk-03") as uow:
        uow.audit.record("agent-07", "view-caller", "ticket", "T1", phone_shown=True)
        uow.audit.record("qa-01", "play-recording", "recording", "R9")
        uow.commit()
    with UnitOfWork(engine) as uow:
        [entry] = uow.audit.for_subject("recording", "R9")
        assert (entry.actor, entry.action) == ("qa-01", "play-recording")
        assert uow.audit.by_actor("agent-07")[0].detail == {"phone_shown": True}
    assert _count(engine, OutboxRow) == 2


# -- units: the pure rules ------------------------------------------------------------------------


def _u(code, level, parent=None, **kw):
    return Unit(
        id=new_id(), code=code, name=code, level=level, kind=UnitKind.DEPARTMENT, parent_id=parent, **kw
    )


def test_a_unit_sits_exactly_one_level_below_its_parent():
    city = _u("c", UnitLevel.CITY)
    district = _u("d", UnitLevel.DISTRICT, city.id)
    street = _u("s", UnitLevel.TOWNSHIP, district.id)
    check_parent(district, city)
    check_parent(street, district)
    with pytest.raises(UnitError, match="one level below"):
        check_parent(_u("x", UnitLevel.TOWNSHIP, city.id), city)
    with pytest.raises(UnitError, match="one level below"):
        check_parent(_u("y", UnitLevel.DISTRICT, district.id), district)
    with pytest.raises(UnitError, match="needs a parent"):
        _u("z", UnitLevel.VILLAGE)
    with pytest.raises(UnitError, match="no parent"):
        _u("w", UnitLevel.CITY, city.id)
    tree = UnitDirectory.build([street, city, district])
    assert [u.code for u in tree.path(street.id)] == ["c", "d", "s"]


def test_contacts_and_expert_seats_are_checked():
    with pytest.raises(UnitError, match="SIP URI"):
        ExpertSeat("专家", "tel:12345")
    with pytest.raises(UnitError, match="phone"):
        DutyContact("值班室", "call me")
    assert ExpertSeat("专家", "sip:expert-rsj@qingchuan.hotline.test").sip_uri.startswith("sip:")


def test_the_demo_city_is_a_complete_four_level_tree():
    units = demo_units()
    tree = UnitDirectory.build(units)
    assert {u.level for u in units} == set(UnitLevel)
    city = tree.children(None)
    assert len(city) == 1 and city[0].name.startswith("青川市")
    names = {u.short_name for u in units}
    assert {"市人社局", "市住建局", "市市场监管局", "市公积金中心", "供电公司"} <= names
    seats = [s for u in units for s in u.expert_seats]
    assert seats and all(s.sip_uri.startswith(("sip:expert-", "sip:2101@")) for s in seats)  # 2101: a desk
    assert all(u.duty_contacts for u in units)


# -- units: the repository ------------------------------------------------------------------------


def test_units_round_trip_and_demo_load_is_idempotent(engine):
    result = load_demo(engine)
    assert result["units"] == len(demo_units())
    assert load_units(engine) == 0  # nothing changed, nothing written
    assert _count(engine, UnitRow) == len(demo_units())
    # each unit, and each demo article with its first version (storage.knowledge.demo)
    assert _count(engine, OutboxRow) == len(demo_units()) + 2 * result["articles"]
    with UnitOfWork(engine) as uow:
        stored = {u.id: u for u in uow.units.all()}
        assert stored == {u.id: u for u in demo_units()}
        rsj = uow.units.by_code("qc.rsj")
        assert rsj.expert_seats[0].sip_uri == "sip:expert-rsj@qingchuan.hotline.test"
        assert [u.code for u in uow.units.children(uow.units.by_code("qc.jb.cajd").id)] == [
            "qc.jb.cajd.ca",
            "qc.jb.cajd.cy",
        ]
        assert len(uow.units.directory().units) == len(stored)
        assert {u.code for u, _ in uow.units.expert_seats()} >= {"qc.rsj", "qc.gjj"}


def test_repository_refuses_a_unit_at_the_wrong_level(engine):
    load_units(engine)
    with UnitOfWork(engine) as uow:
        city = uow.units.by_code("qc")
        with pytest.raises(UnitError, match="one level below"):
            uow.units.save(_u("bad", UnitLevel.VILLAGE, city.id))
        with pytest.raises(UnitError, match="not in the directory"):
            uow.units.save(_u("orphan", UnitLevel.DISTRICT, new_id()))
        street = uow.units.by_code("qc.jb.cajd")
        uow.units.save(
            Unit(new_id(), "qc.jb.cajd.new", "新建社区", UnitLevel.VILLAGE, UnitKind.COMMUNITY, street.id)
        )
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert uow.units.by_code("qc.jb.cajd.new").name == "新建社区"
