"""Articles in the database: the working copies (``articles``) and every published text (``article_versions``).

Each local write records its change for sync (entities ``article_version`` then ``article``; the
version first, so a desk that pulls the article already holds the text it points to) and gives the
row the next ``local_seq``, which the workstation's search index follows (storage.knowledge.indexing).
Changes that come by sync go through :meth:`apply_remote` / :meth:`apply_remote_version`: the copy
with the later revision wins (Article.supersedes), a version is stored once. On PostgreSQL each stored
version also gets its ``search_tsv`` for the center's search (storage.knowledge.center_search).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from hotline.knowledge.article import CONTENT_FIELDS, Article, ArticleStatus, ArticleVersion
from hotline.knowledge.errors import ArticleNotFound
from storage.changelog import ChangeRecorder
from storage.tables import ArticleRow, ArticleVersionRow
from storage.upsert import insert_ignore

_ARTICLE_COLUMNS = (*CONTENT_FIELDS, "key", "status", "revision", "published_version", "edited_by", "edited_at",
                    "approved_by", "created_by", "created_at", "note")
_VERSION_COLUMNS = (*CONTENT_FIELDS, "article_id", "version", "edited_by", "approved_by", "published_by",
                    "published_at", "note")


class KnowledgeRepository:
    """Reads and writes articles and their versions; each local write is recorded for sync."""

    def __init__(self, session: Session, recorder: ChangeRecorder | None) -> None:
        self.session, self.recorder = session, recorder
        self.touched: set[str] = set()

    # -- writing ---------------------------------------------------------------------------------

    def save(self, article: Article, version: ArticleVersion | None = None) -> None:
        """Store ``article`` (and the version it just published) and record both for sync."""
        if self.recorder is not None:
            self.recorder.claim()  # on the center: take the change-log lock before numbering local_seq
        if version is not None:
            self._write_version(version)
            if self.recorder is not None:
                self.recorder.record("article_version", article.id, version.to_json())
        self._write(article)
        if self.recorder is not None:
            self.recorder.record("article", article.id, article.to_json())

    def apply_remote(self, article: Article) -> bool:
        """Store a copy that came by sync unless the stored one is newer; records nothing. True if stored."""
        stored = self.find(article.id)
        if stored is not None and not article.supersedes(stored):
            return False
        if article.key is not None:  # another article here holds the key (made before keys named ids)
            clash = self.session.scalar(select(ArticleRow).where(ArticleRow.key == article.key,
                                                                 ArticleRow.id != article.id))
            if clash is not None:
                clash.key = None
                self.session.flush()
        self._write(article)
        return True

    def apply_remote_version(self, version: ArticleVersion) -> bool:
        """Store a published version that came by sync (once); True if it was new here."""
        return self._write_version(version)

    def _write(self, article: Article) -> None:
        values = {name: getattr(article, name) for name in _ARTICLE_COLUMNS}
        values["status"] = article.status.value
        values["tags"] = list(article.tags)
        values["local_seq"] = self._next_seq()
        row = self.session.get(ArticleRow, article.id)
        if row is None:
            self.session.add(ArticleRow(id=article.id, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
        self.session.flush()
        self.touched.add(article.id)

    def _next_seq(self) -> int:
        self.session.flush()
        return (self.session.scalar(select(func.max(ArticleRow.local_seq))) or 0) + 1

    def _write_version(self, version: ArticleVersion) -> bool:
        values = {name: getattr(version, name) for name in _VERSION_COLUMNS}
        values["tags"] = list(version.tags)
        inserted = insert_ignore(self.session, ArticleVersionRow, [values], ["article_id", "version"]) > 0
        if inserted and self.session.get_bind().dialect.name == "postgresql":
            from storage.search.segment import tsvector_source

            self.session.execute(
                text("UPDATE article_versions SET search_tsv = "
                     "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :tags), 'B')"
                     " || to_tsvector('simple', :body) WHERE article_id = :id AND version = :v"),
                {"title": tsvector_source(version.title), "tags": tsvector_source(*version.tags),
                 "body": tsvector_source(version.body), "id": version.article_id, "v": version.version},
            )
        return inserted

    # -- reading ---------------------------------------------------------------------------------

    def find(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        row = self.session.get(ArticleRow, article_id)
        return article_from_row(row) if row is not None else None

    def get(self, article_id: str) -> Article:
        """The article with this id; ArticleNotFound when there is none."""
        article = self.find(article_id)
        if article is None:
            raise ArticleNotFound(f"no article {article_id} in this database")
        return article

    def by_key(self, key: str) -> Article | None:
        """The article with this external key (an imported file's, the demo corpus'), or None."""
        row = self.session.scalar(select(ArticleRow).where(ArticleRow.key == key))
        return article_from_row(row) if row is not None else None

    def by_keys(self, keys: Sequence[str]) -> dict[str, Article]:
        """Articles by external key, for a batch (import, demo seeding)."""
        found: dict[str, Article] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), 400):
            stmt = select(ArticleRow).where(ArticleRow.key.in_(wanted[start : start + 400]))
            found.update({r.key: article_from_row(r) for r in self.session.scalars(stmt) if r.key})
        return found

    def version(self, article_id: str, version: int) -> ArticleVersion:
        """One published version; ArticleNotFound when there is no such version."""
        row = self.session.get(ArticleVersionRow, (article_id, version))
        if row is None:
            raise ArticleNotFound(f"article {article_id} has no version {version}")
        return version_from_row(row)

    def versions(self, article_id: str) -> list[ArticleVersion]:
        """Every published version of an article, oldest first."""
        stmt = (select(ArticleVersionRow).where(ArticleVersionRow.article_id == article_id)
                .order_by(ArticleVersionRow.version))
        return [version_from_row(r) for r in self.session.scalars(stmt)]

    def live_version(self, article: Article) -> ArticleVersion | None:
        """The version agents see (None: never published, archived, or its text not here yet)."""
        if not article.live:
            return None
        row = self.session.get(ArticleVersionRow, (article.id, article.published_version))
        return version_from_row(row) if row is not None else None

    def list(self, *, unit_id: str | None = None, status: str | None = None, category: str | None = None,
             limit: int | None = 200, offset: int = 0) -> list[Article]:
        """Articles by title, optionally of one unit, status or category."""
        stmt = select(ArticleRow)
        if unit_id is not None:
            stmt = stmt.where(ArticleRow.unit_id == unit_id)
        if status is not None:
            stmt = stmt.where(ArticleRow.status == status)
        if category is not None:
            stmt = stmt.where(ArticleRow.category == category)
        stmt = stmt.order_by(ArticleRow.title, ArticleRow.id).offset(offset).limit(limit)
        return [article_from_row(r) for r in self.session.scalars(stmt)]

    def count(self) -> int:
        """How many articles (any status)."""
        return self.session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def max_seq(self) -> int:
        """The last local sequence given to an article write here."""
        return self.session.scalar(select(func.max(ArticleRow.local_seq))) or 0

    def changed_since(self, seq: int, limit: int = 500) -> list[tuple[int, Article]]:
        """Articles written after local sequence ``seq``, in sequence order, with their sequence."""
        stmt = select(ArticleRow).where(ArticleRow.local_seq > seq).order_by(ArticleRow.local_seq).limit(limit)
        return [(r.local_seq, article_from_row(r)) for r in self.session.scalars(stmt)]

    def dated_between(self, after: date, through: date) -> list[Article]:
        """Live articles whose effect starts, or whose expiry passes, in (after, through]: due for a re-index."""
        from datetime import timedelta

        stmt = select(ArticleRow).where(
            ArticleRow.published_version > 0, ArticleRow.status != ArticleStatus.ARCHIVED.value,
            or_(ArticleRow.effective_from.between(after + timedelta(days=1), through),
                ArticleRow.expires_on.between(after, through - timedelta(days=1))))
        return [article_from_row(r) for r in self.session.scalars(stmt)]

    def review_overdue(self, today: date, unit_id: str | None = None) -> list[Article]:
        """Live, unexpired articles past their review date (凉山 第二十二条(四)), most overdue first."""
        stmt = _overdue(select(ArticleRow), today)
        if unit_id is not None:
            stmt = stmt.where(ArticleRow.unit_id == unit_id)
        return [article_from_row(r) for r in self.session.scalars(stmt.order_by(ArticleRow.review_by, ArticleRow.id))]

    def review_overdue_counts(self, today: date) -> dict[str | None, int]:
        """How many overdue articles each unit owns (None: the center's), in one grouped query."""
        stmt = _overdue(select(ArticleRow.unit_id, func.count()), today).group_by(ArticleRow.unit_id)
        return {unit: n for unit, n in self.session.execute(stmt)}


def _overdue(stmt: Any, today: date) -> Any:
    return stmt.where(
        ArticleRow.published_version > 0, ArticleRow.status != ArticleStatus.ARCHIVED.value,
        ArticleRow.review_by < today, or_(ArticleRow.expires_on.is_(None), ArticleRow.expires_on >= today))


def article_from_row(row: ArticleRow) -> Article:
    """The domain object of a row."""
    values = {name: getattr(row, name) for name in _ARTICLE_COLUMNS}
    values["status"] = ArticleStatus(row.status)
    values["tags"] = tuple(row.tags or ())
    return Article(id=row.id, **values)


def version_from_row(row: ArticleVersionRow) -> ArticleVersion:
    """The domain object of a version row."""
    values = {name: getattr(row, name) for name in _VERSION_COLUMNS}
    values["tags"] = tuple(row.tags or ())
    return ArticleVersion(**values)
