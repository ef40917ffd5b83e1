"""Demo data loaders: the fictional city of 青川市 (resources/demo/units.json), the work calendar,
the demo knowledge base (resources/knowledge/demo_articles.json, storage.knowledge.demo) and the
demo accounts (storage.demo_accounts).

Used by ``hotline db seed-demo``, the demo and the tests. Loading is idempotent: a unit already
stored exactly as the file has it is not written again (and makes no outbox row).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from hotline.paths import resources_dir
from hotline.units import Unit, UnitDirectory
from storage.calendar import seed_if_empty
from storage.changelog import Role
from storage.uow import UnitOfWork


def demo_units_path() -> Path:
    """Where the demo directory lives."""
    return resources_dir() / "demo" / "units.json"


def demo_units(path: Path | None = None) -> list[Unit]:
    """The demo city's units, checked as a tree (UnitError if the file is wrong)."""
    raw = json.loads((path or demo_units_path()).read_text(encoding="utf-8"))
    units = [Unit.from_json(u) for u in raw["units"]]
    UnitDirectory.build(units)
    return units


def load_units(engine: Engine, *, role: Role = "desk", origin: str = "demo", path: Path | None = None) -> int:
    """Store the demo units not yet stored as they are; returns how many were written."""
    units = sorted(demo_units(path), key=lambda u: int(u.level))
    written = 0
    with UnitOfWork(engine, origin=origin, role=role) as uow:
        for unit in units:
            if uow.units.find(unit.id) != unit:
                uow.units.save(unit)
                written += 1
        uow.commit()
    return written


def load_demo(engine: Engine, *, role: Role = "desk") -> dict[str, int]:
    """Everything the demo needs in a database: calendar, units, knowledge base, accounts. Returns counts."""
    from storage.demo_accounts import load_accounts
    from storage.knowledge.demo import load_articles

    years = seed_if_empty(engine)
    units = load_units(engine, role=role)
    articles = load_articles(engine, role=role)
    accounts = load_accounts(engine, role=role)
    return {"calendar_years": years, "units": units, "articles": articles, "accounts": accounts}
