"""The demo corpus and the fixed question set, and recall of any search function over them.

``resources/knowledge/demo_articles.json`` holds the 青川市 demo articles; ``questions.json`` holds
questions with the article keys that answer them. A question is answered when one of its keys is in
the top ``k`` (5) results. The tests and ``python -m bench knowledge`` both measure with this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from storage.search.index import SearchDoc
from storage.search.segment import knowledge_dir

TOP_K = 5


@dataclass(frozen=True)
class Question:
    """One fixed question: its text, class (two_char/short/multi_word/spoken) and accepted keys."""

    q: str
    cls: str
    accept: frozenset[str]


def _read(path: Path, key: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ValueError(f"{path}: expected an object with a list {key!r}")
    return data[key]


def demo_articles(path: Path | None = None) -> list[dict[str, Any]]:
    """The demo articles as plain dicts (key, title, body, category, unit_code, tags, standard, dates)."""
    return _read(path or knowledge_dir() / "demo_articles.json", "articles")


def as_search_doc(article: dict[str, Any], unit_id: str | None = None, version: int = 1) -> SearchDoc:
    """A demo article as a SearchDoc (article_id = key; unit_id defaults to the unit code)."""
    start = date.fromisoformat(article["effective_from"])
    return SearchDoc(article_id=article["key"], version=version, title=article["title"], body=article["body"],
                     category=article["category"], unit_id=unit_id or article["unit_code"],
                     tags=tuple(article.get("tags", ())), standard=bool(article.get("standard")),
                     updated_at=datetime.combine(start, time(9, 0)))


def demo_docs() -> list[SearchDoc]:
    """Every demo article as a SearchDoc."""
    return [as_search_doc(a) for a in demo_articles()]


def questions(path: Path | None = None) -> list[Question]:
    """The fixed question set."""
    return [Question(q["q"], q["class"], frozenset(q["accept"]))
            for q in _read(path or knowledge_dir() / "questions.json", "questions")]


def recall(search: Callable[[str], Iterable[str]], qs: list[Question], k: int = TOP_K,
           same: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Share of questions with an accepted key in the first ``k`` keys ``search`` returns.

    ``same`` maps a returned key to the key it stands for (e.g. a generated copy of an article to its
    source); identity when omitted. Returns overall and per-class recall and the missed questions.
    """
    by_class: dict[str, list[bool]] = {}
    missed = []
    for question in qs:
        got = [same(key) if same else key for key in list(search(question.q))[:k]]
        hit = any(key in question.accept for key in got)
        by_class.setdefault(question.cls, []).append(hit)
        if not hit:
            missed.append(question.q)
    hits = [h for v in by_class.values() for h in v]
    return {"recall": round(sum(hits) / len(hits), 4) if hits else 0.0,
            "by_class": {c: round(sum(v) / len(v), 4) for c, v in sorted(by_class.items())},
            "missed": missed}
