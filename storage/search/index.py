"""The workstation's knowledge index: tantivy over jieba tokens, with ranking, filters and highlights.

Texts are segmented in Python (:mod:`storage.search.segment`) and handed to tantivy pre-split on
spaces, so the index, the queries and PostgreSQL's tsvector all see the same tokens. Ranking is
BM25 over title (×3), tags (×2) and body, times a freshness factor (up to +20 % for articles updated in
the last months, fading over a year), times the prior of the article's genre read from its title
(:mod:`storage.search.genre`: guides, answer scripts and FAQs 1.0, notices 0.8, work news 0.55); among the hits scoring at least 75 % of the best, standard answers
(标准答案) come first. Writes happen under a lock, one commit per call, with a short-lived writer; a
search uses the last committed snapshot, so searching from another thread during an upsert is safe.

A directory index keeps tantivy's files in ``<path>/tantivy`` and a small JSON file of markers beside
them (:meth:`KnowledgeIndex.get_meta`). If the schema or the dictionaries changed since the index was
built, opening it wipes it and its markers (``rebuilt`` is then True) so the owner re-indexes.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from storage.search.genre import ANSWER, genre, prior
from storage.search.highlight import best_passage, mark, matcher
from storage.search.query import filter_query, query_terms, text_query
from storage.search.segment import analyzer_fingerprint, segmenter

__all__ = ["KnowledgeIndex", "SearchDoc", "SearchHit", "query_terms"]

SCHEMA_VERSION = 3
META_FILE = "hotline-search.json"
FRESH_BONUS, FRESH_DAYS = 0.2, 365.0
STANDARD_BAND = 0.75  # standard answers go first among hits scoring >= this share of the best


@dataclass(frozen=True)
class SearchDoc:
    """One article version as the index sees it."""

    article_id: str
    version: int
    title: str
    body: str
    category: str
    unit_id: str | None
    tags: tuple[str, ...] = ()
    standard: bool = False
    updated_at: datetime | None = None


@dataclass(frozen=True)
class SearchHit:
    """One result: ``title_highlighted`` and ``snippet`` are HTML with matches in ``<em>``."""

    article_id: str
    version: int
    title: str
    score: float
    title_highlighted: str
    snippet: str
    matched: tuple[str, ...]
    category: str
    unit_id: str | None
    standard: bool


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("article_id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("version", stored=True)
    sb.add_bytes_field("title", stored=True, indexed=False)
    sb.add_bytes_field("body", stored=True, indexed=False)
    sb.add_text_field("title_t", tokenizer_name="whitespace")
    sb.add_text_field("body_t", tokenizer_name="whitespace")
    sb.add_text_field("tags_t", tokenizer_name="whitespace")
    sb.add_text_field("category", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("unit_id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("standard", stored=True, indexed=True)
    sb.add_integer_field("updated", stored=True)
    sb.add_text_field("genre", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


def _epoch(at: datetime | None) -> int:
    if at is None:
        return 0
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return int(at.timestamp())


class KnowledgeIndex:
    """A tantivy index of knowledge articles; ``path=None`` keeps it in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.Lock()
        self._schema = _schema()
        self._meta: dict[str, Any] = {}
        self.rebuilt = False
        self._seg = segmenter()
        stamp = {"_schema": SCHEMA_VERSION, "_analyzer": analyzer_fingerprint()}
        if self.path is None:
            self._index = tantivy.Index(self._schema)
            self._meta = dict(stamp)
            return
        self.path.mkdir(parents=True, exist_ok=True)
        files = self.path / "tantivy"
        meta_file = self.path / META_FILE
        if meta_file.exists():
            try:
                self._meta = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ValueError(f"{meta_file}: unreadable search index markers ({exc})") from exc
        if files.exists() and any(self._meta.get(k) != v for k, v in stamp.items()):
            shutil.rmtree(files)  # built with another schema or dictionary: start over
            self._meta, self.rebuilt = {}, True
        files.mkdir(exist_ok=True)
        try:
            self._index = tantivy.Index(self._schema, path=str(files), reuse=True)
        except (OSError, ValueError) as exc:
            raise ValueError(f"{files}: cannot open the search index ({exc})") from exc
        if self._meta.get("_schema") is None:
            self._meta.update(stamp)
            self._save_meta()

    # -- markers -----------------------------------------------------------------------------------

    def get_meta(self, key: str, default: Any = None) -> Any:
        """A marker the owner stored (e.g. the last synced sequence), or ``default``."""
        return self._meta.get(key, default)

    def set_meta(self, key: str, value: Any) -> None:
        """Store a JSON-serializable marker durably (atomic file replace for a directory index)."""
        if key.startswith("_"):
            raise ValueError(f"set_meta: keys starting with '_' are reserved, got {key!r}")
        with self._lock:
            self._meta[key] = value
            self._save_meta()

    def _save_meta(self) -> None:
        if self.path is None:
            return
        target = self.path / META_FILE
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._meta, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, target)

    # -- writing -----------------------------------------------------------------------------------

    def _versions(self, ids: Iterable[str]) -> dict[str, int]:
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return {}
        out = {}
        for article_id in ids:
            hits = searcher.search(tantivy.Query.term_query(self._schema, "article_id", article_id), 1).hits
            if hits:
                out[article_id] = searcher.doc(hits[0][1])["version"][0]
        return out

    def _document(self, doc: SearchDoc) -> tantivy.Document:
        seg = self._seg
        d = tantivy.Document()
        d.add_text("article_id", doc.article_id)
        d.add_integer("version", int(doc.version))
        d.add_bytes("title", doc.title.encode("utf-8"))
        d.add_bytes("body", doc.body.encode("utf-8"))
        d.add_text("title_t", " ".join(seg.tokens(doc.title)))
        d.add_text("body_t", " ".join(seg.tokens(doc.body)))
        d.add_text("tags_t", " ".join(t for tag in doc.tags for t in seg.tokens(tag)))
        d.add_text("category", doc.category)
        d.add_text("unit_id", doc.unit_id or "")
        d.add_integer("standard", 1 if doc.standard else 0)
        d.add_integer("updated", _epoch(doc.updated_at))
        d.add_text("genre", genre(doc.title))
        return d

    def _write(self, work: Any) -> Any:
        try:
            writer = self._index.writer(heap_size=64_000_000, num_threads=1)
        except ValueError as exc:  # tantivy's LockBusy: another process is writing this directory
            where = self.path or "in-memory index"
            raise RuntimeError(f"{where}: the search index is being written by someone else ({exc})") from exc
        try:
            result = work(writer)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self._index.reload()
        return result

    def upsert(self, docs: Iterable[SearchDoc]) -> int:
        """Index ``docs`` replacing older versions of the same articles; returns how many were written.

        A doc older than the indexed version of its article is skipped; within one call the highest
        version of an article wins. One commit per call.
        """
        latest: dict[str, SearchDoc] = {}
        for doc in docs:
            if not isinstance(doc, SearchDoc):
                raise TypeError(f"upsert: expected SearchDoc, got {type(doc).__name__}")
            if not doc.article_id or not isinstance(doc.version, int) or doc.version < 0:
                raise ValueError(f"upsert: article {doc.article_id!r} needs a non-empty id and a version >= 0, "
                                 f"got version {doc.version!r}")
            have = latest.get(doc.article_id)
            if have is None or doc.version >= have.version:
                latest[doc.article_id] = doc
        if not latest:
            return 0
        with self._lock:
            indexed = self._versions(latest)
            todo = [d for d in latest.values() if d.version >= indexed.get(d.article_id, d.version)]
            built = [(d.article_id, self._document(d)) for d in todo]

            def work(writer: tantivy.IndexWriter) -> int:
                for article_id, document in built:
                    if article_id in indexed:
                        writer.delete_documents_by_term("article_id", article_id)
                    writer.add_document(document)
                return len(built)

            return self._write(work) if built else 0

    def delete(self, article_ids: Iterable[str]) -> int:
        """Remove articles; returns how many were in the index."""
        ids = list(dict.fromkeys(article_ids))
        with self._lock:
            present = list(self._versions(ids))
            if not present:
                return 0

            def work(writer: tantivy.IndexWriter) -> int:
                for article_id in present:
                    writer.delete_documents_by_term("article_id", article_id)
                return len(present)

            return self._write(work)

    def clear(self) -> None:
        """Remove every article and every marker the owner stored."""
        with self._lock:
            self._write(lambda writer: writer.delete_all_documents())
            self._meta = {k: v for k, v in self._meta.items() if k.startswith("_")}
            self._save_meta()

    def count(self) -> int:
        """Articles in the index."""
        return self._index.searcher().num_docs

    # -- searching ---------------------------------------------------------------------------------

    def search(self, query: str, *, top: int = 10, unit_id: str | None = None,
               category: str | None = None) -> list[SearchHit]:
        """The ``top`` best articles for ``query`` (optionally of one unit and/or category)."""
        if not query or not query.strip() or top <= 0:
            return []
        terms = query_terms(query)
        if not terms:
            return []
        clauses = [(tantivy.Occur.Must, text_query(self._schema, terms))]
        for field, value in (("unit_id", unit_id), ("category", category)):
            if value is not None:
                clauses.append((tantivy.Occur.Must, filter_query(self._schema, field, value)))
        searcher = self._index.searcher()
        found = searcher.search(tantivy.Query.boolean_query(clauses), max(top * 2, 20), count=False).hits
        if not found:
            return []
        # standard answers within the band, and guides/scripts/FAQs that the genre prior lifts, may sit
        # below the first candidates (behind many short notices and news items): fetch them too
        seen = {(a.segment_ord, a.doc) for _, a in found}
        for field, value, limit in (("standard", 1, top), ("genre", ANSWER, max(top, 10))):
            extra = [*clauses, (tantivy.Occur.Must, filter_query(self._schema, field, value))]
            for s, a in searcher.search(tantivy.Query.boolean_query(extra), limit, count=False).hits:
                if (a.segment_ord, a.doc) not in seen:
                    seen.add((a.segment_ord, a.doc))
                    found.append((s, a))
        now = time.time()
        scored = []
        for score, address in found:
            doc = searcher.doc(address)
            updated = doc["updated"][0]
            age_days = max(0.0, (now - updated) / 86400) if updated else FRESH_DAYS * 10
            fresh = 1 + FRESH_BONUS * math.exp(-age_days / FRESH_DAYS)
            scored.append((score * fresh * prior(doc["genre"][0]), doc))
        best = max(s for s, _ in scored)
        scored.sort(key=lambda sd: (not (sd[1]["standard"][0] and sd[0] >= STANDARD_BAND * best), -sd[0]))
        pattern = matcher(s for term in terms for s in self._surfaces(term))
        hits = []
        for score, doc in scored[:top]:
            title = doc["title"][0].decode("utf-8")
            body = doc["body"][0].decode("utf-8")
            title_html, in_title = mark(title, pattern)
            snippet_html, _ = mark(best_passage(body, pattern), pattern)
            in_body = [m.group() for m in pattern.finditer(body)] if pattern else []
            hits.append(SearchHit(
                article_id=doc["article_id"][0], version=doc["version"][0], title=title, score=round(score, 4),
                title_highlighted=title_html, snippet=snippet_html,
                matched=tuple(dict.fromkeys(in_title + in_body)),
                category=doc["category"][0], unit_id=doc["unit_id"][0] or None, standard=bool(doc["standard"][0])))
        return hits

    def _surfaces(self, term: tuple[str, ...]) -> list[str]:
        return ["".join(term)] if len(term) > 1 else self._seg.surfaces(term[0])

