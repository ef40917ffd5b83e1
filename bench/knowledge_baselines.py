"""The two baselines of ``python -m bench knowledge``: SQLite FTS5 with the trigram tokenizer, and LIKE.

Both get the same help from our segmenter to be fair: a query is cut into its surface words (jieba
with the hotline dictionary, stopwords such as 怎么/什么 dropped, no synonym folding — the text is
searched as written).

- FTS5 trigram: the words of three or more characters, OR-ed in one MATCH, ranked by bm25 with the
  title weighted 3. A trigram index cannot match a word shorter than three characters, so those are
  left out; a query made only of such words returns nothing (that is the tokenizer's limit).
- LIKE: a plain table, every word of two or more characters as ``LIKE '%word%'`` on title and body,
  OR-ed; ranked by how many words match (a title match counts 3). Every query scans the table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storage.search.segment import STOPWORDS, segmenter


def surface_words(query: str, min_len: int) -> list[str]:
    """Distinct surface words of ``query`` of at least ``min_len`` characters (stopwords dropped)."""
    words = [w for w in segmenter().words(query) if w not in STOPWORDS and len(w) >= min_len]
    return list(dict.fromkeys(words))


class Fts5Trigram:
    """An FTS5 table (key unindexed, title, body) with ``tokenize='trigram'`` in a SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS kb USING fts5(key UNINDEXED, title, body, "
                        "tokenize='trigram')")

    def build(self, articles: Iterable[dict[str, Any]]) -> None:
        """Insert every article in one transaction, then merge the index segments."""
        with self.db:
            self.db.executemany("INSERT INTO kb(key, title, body) VALUES (?, ?, ?)",
                                ((a["key"], a["title"], a["body"]) for a in articles))
            self.db.execute("INSERT INTO kb(kb) VALUES ('optimize')")

    def search(self, query: str, top: int = 10) -> list[str]:
        """Keys of the best ``top`` articles (see the module docstring for the query)."""
        words = surface_words(query, 3)
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute("SELECT key, title FROM kb WHERE kb MATCH ? ORDER BY bm25(kb, 0.0, 3.0, 1.0) "
                               "LIMIT ?", (match, top)).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        """Close the connection."""
        self.db.close()


class PlainLike:
    """A plain SQLite table searched with LIKE '%word%'."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS kb (key TEXT PRIMARY KEY, title TEXT, body TEXT)")

    def build(self, articles: Iterable[dict[str, Any]]) -> None:
        """Insert every article in one transaction."""
        with self.db:
            self.db.executemany("INSERT INTO kb(key, title, body) VALUES (?, ?, ?)",
                                ((a["key"], a["title"], a["body"]) for a in articles))

    def search(self, query: str, top: int = 10) -> list[str]:
        """Keys of the best ``top`` articles (see the module docstring for the query)."""
        words = surface_words(query, 2) or [query.strip()]
        score = " + ".join("(CASE WHEN title LIKE ? THEN 3 ELSE 0 END) + (CASE WHEN body LIKE ? THEN 1 ELSE 0 END)"
                           for _ in words)
        where = " OR ".join("title LIKE ? OR body LIKE ?" for _ in words)
        patterns = [f"%{w}%" for w in words for _ in (0, 1)]
        rows = self.db.execute(f"SELECT key, title FROM kb WHERE {where} ORDER BY {score} DESC, rowid LIMIT ?",
                               (*patterns, *patterns, top)).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        """Close the connection."""
        self.db.close()
