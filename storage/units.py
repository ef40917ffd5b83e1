"""The units directory in the database: Unit objects in and out, with their duty contacts and expert seats."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hotline.timezone import now
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
from storage.changelog import ChangeRecorder
from storage.tables import ExpertSeatRow, UnitContactRow, UnitRow


class UnitRepository:
    """Reads and writes units; each local write is recorded for sync."""

    def __init__(self, session: Session, recorder: ChangeRecorder | None) -> None:
        self.session, self.recorder = session, recorder

    def save(self, unit: Unit) -> None:
        """Add or replace a unit after checking it sits one level below its stored parent."""
        parent = self.find(unit.parent_id) if unit.parent_id else None
        if unit.parent_id and parent is None:
            raise UnitError(f"unit {unit.code}: parent {unit.parent_id} is not in the directory")
        check_parent(unit, parent)
        self._write(unit)
        if self.recorder is not None:
            self.recorder.record("unit", unit.id, unit.to_json())

    def save_all(self, units: Iterable[Unit]) -> int:
        """Save several units, parents before children (a whole tree may be given in any order)."""
        pending = list(units)
        UnitDirectory.build([*self.all(), *[u for u in pending if self.find(u.id) is None]])
        pending.sort(key=lambda u: int(u.level))
        for unit in pending:
            self.save(unit)
        return len(pending)

    def apply_remote(self, unit: Unit) -> None:
        """Store a unit that came by sync, as it is (the center has checked it); records nothing."""
        self._write(unit)

    def _write(self, unit: Unit) -> None:
        row = self.session.get(UnitRow, unit.id)
        values = {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "level": int(unit.level),
            "kind": unit.kind.value,
            "parent_id": unit.parent_id,
            "remit": list(unit.remit),
            "active": unit.active,
            "updated_at": now(),
        }
        if row is None:
            self.session.add(UnitRow(id=unit.id, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
        self.session.flush()
        self.session.execute(delete(UnitContactRow).where(UnitContactRow.unit_id == unit.id))
        self.session.execute(delete(ExpertSeatRow).where(ExpertSeatRow.unit_id == unit.id))
        self.session.add_all(
            UnitContactRow(
                unit_id=unit.id, position=i, name=c.name, phone=c.phone, role=c.role, hours=c.hours
            )
            for i, c in enumerate(unit.duty_contacts)
        )
        self.session.add_all(
            ExpertSeatRow(
                unit_id=unit.id,
                position=i,
                name=s.name,
                sip_uri=s.sip_uri,
                topics=list(s.topics),
                hours=s.hours,
            )
            for i, s in enumerate(unit.expert_seats)
        )
        self.session.flush()

    def find(self, unit_id: str | None) -> Unit | None:
        """The unit with this id, or None."""
        if unit_id is None:
            return None
        row = self.session.get(UnitRow, unit_id)
        return self._unit(row) if row is not None else None

    def get(self, unit_id: str) -> Unit:
        """The unit with this id; UnitError when there is none."""
        unit = self.find(unit_id)
        if unit is None:
            raise UnitError(f"no unit with id {unit_id}")
        return unit

    def by_code(self, code: str) -> Unit:
        """The unit with this code; UnitError when there is none."""
        row = self.session.scalar(select(UnitRow).where(UnitRow.code == code))
        if row is None:
            raise UnitError(f"no unit with code {code!r}")
        return self._unit(row)

    def children(self, unit_id: str | None) -> list[Unit]:
        """Units directly below ``unit_id`` (None: the city level), by code."""
        stmt = select(UnitRow).where(
            UnitRow.parent_id.is_(None) if unit_id is None else UnitRow.parent_id == unit_id
        )
        return [self._unit(r) for r in self.session.scalars(stmt.order_by(UnitRow.code))]

    def all(self) -> list[Unit]:
        """Every unit, by level then code."""
        rows = self.session.scalars(select(UnitRow).order_by(UnitRow.level, UnitRow.code))
        return [self._unit(r) for r in rows]

    def directory(self) -> UnitDirectory:
        """The whole checked tree."""
        return UnitDirectory.build(self.all())

    def expert_seats(self) -> list[tuple[Unit, ExpertSeat]]:
        """Every expert seat with its unit, for the conference picker."""
        return [(u, s) for u in self.all() for s in u.expert_seats]

    def _unit(self, row: UnitRow) -> Unit:
        contacts = self.session.scalars(
            select(UnitContactRow).where(UnitContactRow.unit_id == row.id).order_by(UnitContactRow.position)
        )
        seats = self.session.scalars(
            select(ExpertSeatRow).where(ExpertSeatRow.unit_id == row.id).order_by(ExpertSeatRow.position)
        )
        return Unit(
            id=row.id,
            code=row.code,
            name=row.name,
            level=UnitLevel(row.level),
            kind=UnitKind(row.kind),
            parent_id=row.parent_id,
            short_name=row.short_name,
            remit=tuple(row.remit or ()),
            duty_contacts=tuple(DutyContact(c.name, c.phone, c.role, c.hours) for c in contacts),
            expert_seats=tuple(ExpertSeat(s.name, s.sip_uri, tuple(s.topics or ()), s.hours) for s in seats),
            active=row.active,
        )
