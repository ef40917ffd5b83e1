"""``python -m bench kb-desk [--n N]``: the knowledge base as the desk and the center use it, with baselines.

The demo corpus (resources/knowledge/demo_articles.json) is replicated to N published articles (each
copy its own key, title suffix and unit) and the questions of resources/knowledge/questions.json are
asked. Side by side, in one run:

- suggest_ms vs raw_search_ms: a suggestion through KnowledgeService (the watermark check that keeps
  the index in step with the database, then the search) against a bare KnowledgeIndex.search — the
  cost of never serving stale text;
- catch_up_ms vs rebuild_ms: after a pull brings new versions of 50 articles, the watermark refresh
  (only those re-indexed) against rebuilding the whole index (the baseline without a watermark);
- typed_to_shown_ms: the Suggester fed a question keystroke by keystroke (60 ms apart), from the last
  keystroke to the callback, debounce delay included (the delay is reported beside it);
- center_tsv_ms vs center_like_ms: on PostgreSQL, the center's tsvector + GIN search against a plain
  ILIKE scan of title and body over the live versions (the baseline without segmentation);
- load_per_s: articles published through the repository (SQLite desk; PostgreSQL with its tsvector).

Results go to bench/results/kb_desk.json; the last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from hotline.knowledge import lifecycle as L
from hotline.knowledge.article import Content
from hotline.knowledge.roles import Actor, Role
from hotline.paths import resources_dir
from hotline.timezone import now
from storage.db import engine_for, upgrade
from storage.demo import load_units
from storage.knowledge.center_search import center_search
from storage.knowledge.demo import demo_records
from storage.knowledge.indexing import IndexKeeper
from storage.knowledge.service import KnowledgeService
from storage.knowledge.suggest import Suggester
from storage.search.index import KnowledgeIndex
from storage.uow import UnitOfWork

ADMIN = Actor("bench", Role.CENTER_ADMIN)
RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def questions() -> list[str]:
    """The benchmark questions (two-character words, phrases, callers' sentences)."""
    raw = json.loads((resources_dir() / "knowledge" / "questions.json").read_text(encoding="utf-8"))
    return [q["q"] for q in raw["questions"]]


def contents(n: int, units: dict[str, str]) -> list[tuple[str, Content]]:
    """N (key, content) pairs from the demo corpus, copies numbered."""
    records = demo_records()
    out = []
    for i in range(n):
        r = records[i % len(records)]
        copy = i // len(records)
        fields = Content.fields_from_json({**r, "unit_id": units.get(r.get("unit_code") or "")})
        content = Content(**fields)
        if copy:
            content = replace(content, title=f"{content.title}（{copy}）")
        out.append((f"{r['key']}#{copy}" if copy else r["key"], content))
    return out


def load(engine: Engine, items: list[tuple[str, Content]]) -> float:
    """Publish every item through the repository; returns articles per second."""
    t0 = time.perf_counter()
    for start in range(0, len(items), 500):
        with UnitOfWork(engine, origin="bench") as uow:
            for key, content in items[start : start + 500]:
                uow.knowledge.save(*L.import_published(ADMIN, content, key=key))
            uow.commit()
    return len(items) / (time.perf_counter() - t0)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 3)


def timed(fn: Any, args: list[Any], rounds: int = 3) -> list[float]:
    out = []
    for _ in range(rounds):
        for a in args:
            t0 = time.perf_counter()
            fn(a)
            out.append((time.perf_counter() - t0) * 1000)
    return out


def desk(n: int, folder: Path) -> dict[str, Any]:
    url = f"sqlite:///{folder / 'desk.sqlite3'}"
    upgrade(url)
    engine = engine_for(url)
    try:
        load_units(engine)
        with UnitOfWork(engine) as uow:
            units = {u.code: u.id for u in uow.units.all()}
        items = contents(n, units)
        per_s = load(engine, items)
        keeper = IndexKeeper(engine, KnowledgeIndex(folder / "index"))
        t0 = time.perf_counter()
        keeper.refresh()
        first_build_s = time.perf_counter() - t0
        service = KnowledgeService(engine, keeper)
        qs = questions()
        for q in qs:  # warm both paths
            service.suggest(q)
        suggest = timed(lambda q: service.suggest(q, 5), qs)
        raw = timed(lambda q: keeper.index.search(q, top=5), qs)

        # a pull brings new versions of 50 articles (stored as sync stores them, no index hook)
        with UnitOfWork(engine) as uow:
            changed = uow.knowledge.list(limit=50)
            for article in changed:
                new = replace(article.content, body=article.body + "（本条已更新）")
                updated, version = L.import_published(ADMIN, new, existing=article, key=article.key)
                uow.knowledge.apply_remote_version(version)
                uow.knowledge.apply_remote(updated)
            uow.commit()
        t0 = time.perf_counter()
        caught = keeper.refresh()
        catch_up_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        keeper.rebuild()
        rebuild_ms = (time.perf_counter() - t0) * 1000

        typed = typed_to_shown(service, [q for q in qs if len(q) >= 6][:20])
        return {
            "articles": n, "load_per_s": round(per_s, 1), "first_index_build_s": round(first_build_s, 2),
            "suggest_ms": {"p50": pct(suggest, 0.5), "p95": pct(suggest, 0.95)},
            "raw_search_ms": {"p50": pct(raw, 0.5), "p95": pct(raw, 0.95)},
            "catch_up_ms": round(catch_up_ms, 1), "catch_up_articles": caught, "rebuild_ms": round(rebuild_ms, 1),
            "typed_to_shown_ms": typed,
        }
    finally:
        engine.dispose()


def typed_to_shown(service: KnowledgeService, sentences: list[str], delay: float = 0.2,
                   gap: float = 0.06) -> dict[str, Any]:
    """Feed each sentence keystroke by keystroke; time from the last keystroke to the shown result."""
    shown: list[float] = []
    arrived = threading.Event()
    last = [0.0]

    def callback(result: Any) -> None:
        shown.append((time.perf_counter() - last[0]) * 1000)
        arrived.set()

    suggester = Suggester(service.suggest, callback, delay=delay, top=5)
    searches_before = suggester.searches
    try:
        for sentence in sentences:
            arrived.clear()
            for i in range(1, len(sentence) + 1):
                last[0] = time.perf_counter()
                suggester.update(sentence[:i])
                if i < len(sentence):
                    time.sleep(gap)
            arrived.wait(5)
            suggester.wait_idle(5)
    finally:
        suggester.close()
    keystrokes = sum(len(s) for s in sentences)
    return {"p50": pct(shown, 0.5), "p95": pct(shown, 0.95), "debounce_ms": delay * 1000,
            "keystroke_gap_ms": gap * 1000, "keystrokes": keystrokes,
            "searches": suggester.searches - searches_before}


def center(n: int, pg_admin: str) -> dict[str, Any]:
    import uuid

    import psycopg

    name = f"hotline_bench_kb_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        engine = engine_for(url)
        try:
            load_units(engine, role="center")
            with UnitOfWork(engine) as uow:
                units = {u.code: u.id for u in uow.units.all()}
            per_s = load(engine, contents(n, units))
            qs = questions()
            today = now().date()
            with Session(engine) as session:
                session.execute(text("ANALYZE article_versions"))
                tsv = timed(lambda q: center_search(session, q, top=5, today=today), qs)
                like = timed(lambda q: _like(session, q), qs)
            return {"load_per_s": round(per_s, 1), "center_tsv_ms": {"p50": pct(tsv, 0.5), "p95": pct(tsv, 0.95)},
                    "center_like_ms": {"p50": pct(like, 0.5), "p95": pct(like, 0.95)}}
        finally:
            engine.dispose()
    finally:
        with psycopg.connect(pg_admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _like(session: Session, query: str) -> list[Any]:
    return list(session.execute(text(
        "SELECT v.article_id FROM article_versions v JOIN articles a ON a.id = v.article_id "
        "AND a.published_version = v.version WHERE a.status <> 'archived' "
        "AND (v.title ILIKE :p OR v.body ILIKE :p) LIMIT 5"), {"p": f"%{query}%"}))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench kb-desk")
    parser.add_argument("--n", type=int, default=5000, help="articles (the demo corpus replicated)")
    parser.add_argument("--pg", default=PG_ADMIN, help="PostgreSQL admin URL for a throwaway database")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        desk_figures = desk(args.n, Path(tmp))
    center_figures = center(args.n, args.pg)
    result = {"bench": "kb-desk", "articles": args.n, "desk_sqlite": desk_figures, "center_postgresql": center_figures}
    d, c = desk_figures, center_figures
    print(f"{'':34}{'ours':>14}{'baseline':>14}")
    print(f"{'suggest p95 (ms) vs raw search':34}{d['suggest_ms']['p95']:>14}{d['raw_search_ms']['p95']:>14}")
    print(f"{'catch-up after pull (ms) vs rebuild':34}{d['catch_up_ms']:>14}{d['rebuild_ms']:>14}")
    print(f"{'center p95 (ms) tsvector vs ILIKE':34}{c['center_tsv_ms']['p95']:>14}{c['center_like_ms']['p95']:>14}")
    print(f"typed → shown p95 {d['typed_to_shown_ms']['p95']} ms (debounce {d['typed_to_shown_ms']['debounce_ms']} ms, "
          f"{d['typed_to_shown_ms']['searches']} searches for {d['typed_to_shown_ms']['keystrokes']} keystrokes)")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "kb_desk.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0
