"""The demo knowledge base: resources/knowledge/demo_articles.json, published in the demo city's units.

Records: key, title, body, category, unit_code (a code of resources/demo/units.json), tags, standard,
effective_from, review_by (expires_on optional). Loading is idempotent: an article whose key is
stored with the same live text is left alone (no new version, no outbox row). Ids come from the keys
and times from the records, so every workstation seeding the corpus makes the very same articles and
versions, and sync has nothing to merge.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import Engine

from hotline.knowledge import lifecycle as L
from hotline.knowledge.article import Content
from hotline.knowledge.roles import Actor, Role
from hotline.paths import resources_dir
from hotline.timezone import CST
from storage.changelog import Role as SyncRole
from storage.uow import UnitOfWork

DEMO_EDITOR = Actor("kb-demo", Role.CENTER_ADMIN)
DEMO_EPOCH = date(2026, 1, 1)


def demo_articles_path() -> Path:
    """Where the demo corpus lives."""
    return resources_dir() / "knowledge" / "demo_articles.json"


def demo_records(path: Path | None = None) -> list[dict]:
    """The corpus records ([] when the file is not there); ValueError names the file when it is bad."""
    source = path or demo_articles_path()
    if not source.is_file():
        return []
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{source}: not valid JSON ({exc})") from None
    records = raw["articles"] if isinstance(raw, dict) else raw
    if not isinstance(records, list):
        raise ValueError(f"{source}: expected a list of articles (or {{\"articles\": [...]}})")
    return records


def load_articles(engine: Engine, *, role: SyncRole = "desk", origin: str = "demo", path: Path | None = None) -> int:
    """Publish the corpus articles not yet stored as they are; returns how many were written."""
    records = demo_records(path)
    if not records:
        return 0
    written = 0
    with UnitOfWork(engine, origin=origin, role=role) as uow:
        units = {u.code: u.id for u in uow.units.all()}
        existing = uow.knowledge.by_keys([r["key"] for r in records])
        for number, record in enumerate(records, start=1):
            where = f"{path or demo_articles_path()}: article {number} ({record.get('key')!r})"
            code = record.get("unit_code")
            if code and code not in units:
                raise ValueError(f"{where}: unit {code!r} is not in the unit directory")
            try:
                content = Content(**Content.fields_from_json({**record, "unit_id": units.get(code or "")}))
                done = L.import_published(DEMO_EDITOR, content, existing=existing.get(record["key"]),
                                          key=record["key"], note="演示知识库", at=_published_at(content))
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{where}: {exc}") from None
            if done is not None:
                uow.knowledge.save(*done)
                written += 1
        uow.commit()
    return written


def _published_at(content: Content) -> datetime:
    """A fixed publication time per record (its first day in force, 09:00), the same on every machine."""
    return datetime.combine(content.effective_from or DEMO_EPOCH, time(9, 0), tzinfo=CST)
