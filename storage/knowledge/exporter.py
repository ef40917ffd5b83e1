"""Export the knowledge base: the live version of every article, as JSON records or Markdown files.

JSON records use the demo corpus' keys (key, title, body, category, unit_code, tags, standard,
effective_from, review_by) plus expires_on, id, version and status. Markdown files are written in the
import format (storage.knowledge.files), so exporting then importing gives the same articles back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from storage.knowledge.files import to_markdown
from storage.uow import UnitOfWork

_UNSAFE = re.compile(r"[\\/:*?\"<>|\s]+")


def export_records(engine: Engine, *, unit_id: str | None = None) -> list[dict[str, Any]]:
    """One record per live article (its published version), by title."""
    records = []
    with UnitOfWork(engine) as uow:
        codes = {u.id: u.code for u in uow.units.all()}
        offset = 0
        while batch := uow.knowledge.list(unit_id=unit_id, limit=500, offset=offset):
            offset += len(batch)
            for article in batch:
                version = uow.knowledge.live_version(article)
                if version is None:
                    continue
                records.append({
                    "key": article.key, "title": version.title, "body": version.body,
                    "category": version.category, "unit_code": codes.get(version.unit_id or "", None),
                    "tags": list(version.tags), "standard": version.standard,
                    "effective_from": _day(version.effective_from), "expires_on": _day(version.expires_on),
                    "review_by": _day(version.review_by), "id": article.id, "version": version.version,
                    "status": article.status.value,
                })
    return records


def write_markdown(records: list[dict[str, Any]], folder: Path) -> list[Path]:
    """Write each record as ``<folder>/<key or id>.md`` in the import format; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for record in records:
        name = _UNSAFE.sub("_", (record["key"] or record["id"]).replace("/", "__")).strip("_") or record["id"]
        meta = {
            "编号": record["key"] or "", "分类": record["category"], "单位": record["unit_code"] or "",
            "标签": ", ".join(record["tags"]), "标准答案": "是" if record["standard"] else "",
            "生效日期": record["effective_from"] or "", "失效日期": record["expires_on"] or "",
            "复核日期": record["review_by"] or "",
        }
        path = folder / f"{name}.md"
        path.write_text(to_markdown(record["title"], record["body"], meta), encoding="utf-8")
        written.append(path)
    return written


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
