"""Keeps a workstation's search index in step with its database, by a watermark on ``articles.local_seq``.

Every article write in a database — an edit made here or a change a pull brought in — gives the row
the next ``local_seq``. :meth:`IndexKeeper.refresh` reads the rows past the sequence it last indexed
(the index's ``kb_seq`` marker) and puts each article's live version in the index, or takes it out
(archived, not yet in force, expired, never published). So the index needs no hook in sync: the
service refreshes after its own writes and before every search, which costs one indexed
``max(local_seq)`` query when nothing changed. It reads through :func:`read_engine`, so a search never
waits for a pull's write transaction on the desk's SQLite file. Dates move too: on a new day the articles whose
effect starts or whose expiry passed since the last refresh are re-checked (``kb_day`` marker).

The index lives in the data directory, one per database (:func:`index_path`). A missing or wiped
index (``KnowledgeIndex.rebuilt``), or a database whose sequence is behind the index's marker (the
file was replaced), is rebuilt from the database.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

from hotline.knowledge.article import Article, ArticleVersion
from hotline.paths import data_dir
from hotline.timezone import now
from storage.knowledge.repository import KnowledgeRepository
from storage.search.index import KnowledgeIndex, SearchDoc

SEQ_KEY, DAY_KEY = "kb_seq", "kb_day"
BATCH = 500


def index_path(url: str) -> Path:
    """Where the search index of the database at ``url`` lives: ``<data dir>/knowledge-index/<digest>``."""
    digest = hashlib.sha256(str(url).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "knowledge-index" / digest


def search_doc(version: ArticleVersion) -> SearchDoc:
    """What the index stores of a published version."""
    return SearchDoc(article_id=version.article_id, version=version.version, title=version.title,
                     body=version.body, category=version.category, unit_id=version.unit_id, tags=version.tags,
                     standard=version.standard, updated_at=version.published_at)


def read_engine(engine: Engine) -> Engine:
    """An engine that reads without waiting for writers: for an SQLite file a second engine whose
    transactions are plain deferred ``BEGIN`` (a WAL snapshot), not the ``BEGIN IMMEDIATE`` of
    storage.db, which would make a search wait for a pull's transaction; other databases: ``engine``."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return engine
    reader = create_engine(engine.url)

    @event.listens_for(reader, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout=10000")

    @event.listens_for(reader, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return reader


class IndexKeeper:
    """Brings ``index`` up to the database behind ``engine``; safe to call from several threads."""

    def __init__(self, engine: Engine, index: KnowledgeIndex) -> None:
        self.engine, self.index = engine, index
        self._reader = read_engine(engine)
        self._lock = threading.Lock()
        self.indexed_total = 0  # articles (re)indexed or removed by this keeper, for tests and the status bar

    @classmethod
    def for_url(cls, engine: Engine, url: str | None = None) -> IndexKeeper:
        """A keeper with the on-disk index of this database in the data directory."""
        key = url or engine.url.render_as_string(hide_password=True)
        return cls(engine, KnowledgeIndex(index_path(key)))

    def refresh(self, today: date | None = None) -> int:
        """Index what changed since the last refresh; returns how many articles were (re)indexed or removed."""
        today = today or now().date()
        with self._lock, Session(self._reader) as session:
            repo = KnowledgeRepository(session, None)
            top = repo.max_seq()
            seen = int(self.index.get_meta(SEQ_KEY, 0) or 0)
            if self.index.rebuilt or seen > top or (seen == 0 and self.index.count()):
                self.index.clear()
                self.index.rebuilt = False
                seen = 0
            done = 0
            last_day = self.index.get_meta(DAY_KEY)
            if last_day and last_day != today.isoformat() and seen:
                done += self._apply(repo, repo.dated_between(date.fromisoformat(last_day), today), today)
            while seen < top:
                batch = repo.changed_since(seen, BATCH)
                if not batch:
                    break
                done += self._apply(repo, [a for _, a in batch], today)
                seen = batch[-1][0]
                self.index.set_meta(SEQ_KEY, seen)
            if last_day != today.isoformat():
                self.index.set_meta(DAY_KEY, today.isoformat())
            self.indexed_total += done
            return done

    def close(self) -> None:
        """Release the reading engine (the index and the caller's engine stay open)."""
        if self._reader is not self.engine:
            self._reader.dispose()

    def rebuild(self, today: date | None = None) -> int:
        """Forget the index and index the whole database again."""
        with self._lock:
            self.index.clear()
        return self.refresh(today)

    def _apply(self, repo: KnowledgeRepository, articles: list[Article], today: date) -> int:
        docs, gone = [], []
        for article in articles:
            version = repo.live_version(article)
            if version is not None and version.in_force(today):
                docs.append(search_doc(version))
            else:
                gone.append(article.id)
        if gone:
            self.index.delete(gone)
        if docs:
            self.index.upsert(docs)
        return len(docs) + len(gone)
