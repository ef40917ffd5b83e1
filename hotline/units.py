"""The directory of units (承办单位) tickets are sent to: a four-level tree, with duty contacts and expert seats.

The regulations build the network in four levels: 市 → 旗县区 (and the city's departments and
enterprises) → 乡镇/街道 (and district departments) → 村/社区 (Hohhot 第四条; Ordos 第十条 numbers them
one to four). A unit hangs exactly one level below its parent. Each unit may publish duty contacts
(值班电话, fictional in the demo) and expert seats (专家坐席) an agent conferences in by SIP URI.

Pure domain: no storage, no telephony; storage.units persists these objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class UnitError(ValueError):
    """A unit, or the tree it belongs to, breaks the directory's rules; the message says which and why."""


class UnitLevel(IntEnum):
    """The four levels of the network (Ordos 第十条 一级…四级; Hohhot 第四条 市、旗县区、乡镇（街道）、村（社区）)."""

    CITY = 1  # 市 (the hotline center and the city government)
    DISTRICT = 2  # 旗县区 and the city's departments, directly-run units and enterprises (市直部门)
    TOWNSHIP = 3  # 乡镇/苏木/街道 and the district's departments
    VILLAGE = 4  # 村/嘎查/社区

    @property
    def label(self) -> str:
        """The Chinese name of the level."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    UnitLevel.CITY: "市级",
    UnitLevel.DISTRICT: "区县/市直部门",
    UnitLevel.TOWNSHIP: "乡镇街道/区属部门",
    UnitLevel.VILLAGE: "村社区",
}


class UnitKind(StrEnum):
    """What sort of body a unit is; shown to agents choosing where to dispatch."""

    CENTER = "center"  # 热线中心 / 市政府
    GOVERNMENT = "government"  # 区县人民政府
    DEPARTMENT = "department"  # 政府部门
    INSTITUTION = "institution"  # 事业单位 (公积金中心)
    ENTERPRISE = "enterprise"  # 公用事业企业 (供电、供水、燃气)
    STREET = "street"  # 街道办事处
    TOWNSHIP = "township"  # 乡镇人民政府
    COMMUNITY = "community"  # 社区居委会
    VILLAGE = "village"  # 村委会


_SIP_URI = re.compile(r"^sips?:[A-Za-z0-9._~!$&'()*+,;=%-]+@[A-Za-z0-9.-]+(:\d{1,5})?(;[^\s]*)?$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{2,19}$")


@dataclass(frozen=True)
class DutyContact:
    """A number the center rings about a unit's tickets (值班电话), with who answers and when."""

    name: str
    phone: str
    role: str = "值班"
    hours: str = "7x24"

    def __post_init__(self) -> None:
        if not _PHONE.match(self.phone):
            raise UnitError(f"duty contact {self.name!r}: not a phone number: {self.phone!r}")


@dataclass(frozen=True)
class ExpertSeat:
    """A specialist of a unit an agent conferences in (专家坐席), reached at a SIP URI."""

    name: str
    sip_uri: str
    topics: tuple[str, ...] = ()
    hours: str = "工作日 9:00-17:00"

    def __post_init__(self) -> None:
        if not _SIP_URI.match(self.sip_uri):
            raise UnitError(f"expert seat {self.name!r}: not a SIP URI: {self.sip_uri!r}")
        object.__setattr__(self, "topics", tuple(self.topics))


@dataclass(frozen=True)
class Unit:
    """One body in the directory: where it sits in the tree and how to reach it."""

    id: str
    code: str  # short stable key people and configuration use, e.g. "qc.rsj"
    name: str
    level: UnitLevel
    kind: UnitKind
    parent_id: str | None = None
    short_name: str = ""
    remit: tuple[str, ...] = ()  # keywords of its duties, a routing hint
    duty_contacts: tuple[DutyContact, ...] = ()
    expert_seats: tuple[ExpertSeat, ...] = ()
    active: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", UnitLevel(self.level))
        object.__setattr__(self, "kind", UnitKind(self.kind))
        object.__setattr__(self, "remit", tuple(self.remit))
        object.__setattr__(self, "duty_contacts", tuple(self.duty_contacts))
        object.__setattr__(self, "expert_seats", tuple(self.expert_seats))
        if not self.id or not self.code or not self.name:
            raise UnitError(f"unit {self.code or self.id!r}: id, code and name are required")
        if self.level is UnitLevel.CITY and self.parent_id is not None:
            raise UnitError(f"unit {self.code}: a city-level unit has no parent")
        if self.level is not UnitLevel.CITY and self.parent_id is None:
            raise UnitError(f"unit {self.code}: a {self.level.label} unit needs a parent")

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-able form, for storage payloads and the sync link."""
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "level": int(self.level),
            "kind": self.kind.value,
            "parent_id": self.parent_id,
            "short_name": self.short_name,
            "remit": list(self.remit),
            "duty_contacts": [
                {"name": c.name, "phone": c.phone, "role": c.role, "hours": c.hours}
                for c in self.duty_contacts
            ],
            "expert_seats": [
                {"name": s.name, "sip_uri": s.sip_uri, "topics": list(s.topics), "hours": s.hours}
                for s in self.expert_seats
            ],
            "active": self.active,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Unit:
        """Inverse of :meth:`to_json`; raises UnitError on bad data."""
        try:
            return cls(
                id=raw["id"],
                code=raw["code"],
                name=raw["name"],
                level=UnitLevel(int(raw["level"])),
                kind=UnitKind(raw["kind"]),
                parent_id=raw.get("parent_id"),
                short_name=raw.get("short_name", ""),
                remit=tuple(raw.get("remit", ())),
                duty_contacts=tuple(DutyContact(**c) for c in raw.get("duty_contacts", ())),
                expert_seats=tuple(
                    ExpertSeat(**{**s, "topics": tuple(s.get("topics", ()))})
                    for s in raw.get("expert_seats", ())
                ),
                active=bool(raw.get("active", True)),
            )
        except (KeyError, ValueError, TypeError) as exc:
            if isinstance(exc, UnitError):
                raise
            raise UnitError(f"unit {raw.get('code', '?')!r}: bad data: {exc}") from exc


def check_parent(child: Unit, parent: Unit | None) -> None:
    """Raise UnitError unless ``child`` sits exactly one level below ``parent`` (None: child is the city)."""
    if parent is None:
        if child.level is not UnitLevel.CITY:
            raise UnitError(f"unit {child.code}: parent {child.parent_id} is not in the directory")
        return
    if child.parent_id != parent.id:
        raise UnitError(f"unit {child.code}: its parent is {child.parent_id}, not {parent.code}")
    if child.level != parent.level + 1:
        raise UnitError(
            f"unit {child.code} ({child.level.label}) cannot sit under {parent.code} ({parent.level.label}): "
            "a unit is exactly one level below its parent"
        )


@dataclass(frozen=True)
class UnitDirectory:
    """A whole, checked tree of units, for lookups by id or code and walks up and down."""

    units: Mapping[str, Unit] = field(default_factory=dict)

    @classmethod
    def build(cls, units: Iterable[Unit]) -> UnitDirectory:
        """Check every unit against its parent (ids and codes unique) and return the directory."""
        by_id: dict[str, Unit] = {}
        codes: set[str] = set()
        for unit in units:
            if unit.id in by_id:
                raise UnitError(f"unit id {unit.id} appears twice")
            if unit.code in codes:
                raise UnitError(f"unit code {unit.code} appears twice")
            by_id[unit.id] = unit
            codes.add(unit.code)
        for unit in by_id.values():
            check_parent(unit, by_id.get(unit.parent_id) if unit.parent_id else None)
        return cls(by_id)

    def get(self, unit_id: str) -> Unit:
        """The unit with this id; UnitError when there is none."""
        try:
            return self.units[unit_id]
        except KeyError:
            raise UnitError(f"no unit with id {unit_id}") from None

    def by_code(self, code: str) -> Unit:
        """The unit with this code; UnitError when there is none."""
        for unit in self.units.values():
            if unit.code == code:
                return unit
        raise UnitError(f"no unit with code {code!r}")

    def children(self, unit_id: str | None) -> list[Unit]:
        """The units directly below ``unit_id`` (None: the roots), by code."""
        return sorted((u for u in self.units.values() if u.parent_id == unit_id), key=lambda u: u.code)

    def path(self, unit_id: str) -> list[Unit]:
        """The chain from the city down to this unit."""
        chain = [self.get(unit_id)]
        while chain[-1].parent_id is not None:
            chain.append(self.get(chain[-1].parent_id))
        return list(reversed(chain))
