"""The center's own knowledge search on PostgreSQL: the live versions' tsvector, GIN-indexed.

The same jieba segmentation as the workstations' tantivy index (storage.search.segment) fills
``article_versions.search_tsv`` when a version is stored; a query is segmented the same way and
matched with ``to_tsquery('simple', ...)``, ranked by ``ts_rank`` with the title weighted A and the tags
B (the body D), as the workstation index boosts title and tags. Only live versions count: the
article's published version, the article not archived, in force today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.search.segment import tsquery_source

_SQL = """
SELECT v.article_id, v.version, v.title, v.category, v.unit_id, v.standard,
       ts_rank(v.search_tsv, q) AS rank
  FROM article_versions v
  JOIN articles a ON a.id = v.article_id AND a.published_version = v.version
 CROSS JOIN to_tsquery('simple', :q) AS q
 WHERE a.status <> 'archived' AND v.search_tsv @@ q
   AND (v.effective_from IS NULL OR v.effective_from <= :today)
   AND (v.expires_on IS NULL OR v.expires_on >= :today)
   {filters}
 ORDER BY rank DESC, v.standard DESC, v.article_id
 LIMIT :top
"""


class CenterSearchUnavailable(Exception):
    """The center's search needs PostgreSQL (the tsvector column exists only there)."""


@dataclass(frozen=True)
class CenterHit:
    """One article found by the center's search."""

    article_id: str
    version: int
    title: str
    rank: float
    category: str
    unit_id: str | None
    standard: bool


def center_search(session: Session, query: str, *, top: int = 10, today: date, unit_id: str | None = None,
                  category: str | None = None) -> list[CenterHit]:
    """The ``top`` live articles matching ``query`` on the central PostgreSQL database."""
    if session.get_bind().dialect.name != "postgresql":
        raise CenterSearchUnavailable("the center's tsvector search runs on PostgreSQL only; "
                                      "on SQLite use the workstation index (hotline kb search)")
    source = tsquery_source(query)
    if not source or top <= 0:
        return []
    filters, params = [], {"q": source, "top": top, "today": today}
    if unit_id is not None:
        filters.append("AND v.unit_id = :unit_id")
        params["unit_id"] = unit_id
    if category is not None:
        filters.append("AND v.category = :category")
        params["category"] = category
    rows = session.execute(text(_SQL.format(filters=" ".join(filters))), params)
    return [CenterHit(r.article_id, r.version, r.title, float(r.rank), r.category, r.unit_id, bool(r.standard))
            for r in rows]
