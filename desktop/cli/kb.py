"""``hotline kb``: import, search, export and inspect the knowledge base (知识库) of any database (--db URL).

    hotline kb import FILE... [--unit CODE] [--category 分类] [--draft]   # .md / .docx, all or nothing
    hotline kb search QUERY [--top N] [--json] [--center]                # workstation index; --center: tsvector
    hotline kb export [--out DIR]                                        # JSON on stdout, or .md files
    hotline kb show ID [--version N] [--history] [--diff OLD[:NEW]]
    hotline kb overdue [--today YYYY-MM-DD]                              # review-overdue articles per unit
    hotline kb edit|submit|approve|reject|publish|archive ID --actor U --role R [--unit CODE]  (kb_steps)

The database is upgraded first (a fresh one included). Search uses the workstation's index of that
database in the data directory, built or caught up from the database as needed. A refused import
names every bad file and writes nothing (exit 2); a refused editorial step exits 3.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``hotline kb ...``."""
    parser = subparsers.add_parser("kb", help="knowledge base: import, search, export articles (知识库)")
    sub = parser.add_subparsers(dest="kb_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help="import .md/.docx articles units sent (all or nothing)")
    _common(imp)
    imp.add_argument("files", nargs="+", metavar="FILE", help="Markdown (.md) or Word (.docx) files")
    imp.add_argument("--unit", help="owning unit code for files without a 单位 line (default: the center)")
    imp.add_argument("--category", help="category for files without a 分类 line")
    imp.add_argument("--draft", action="store_true", help="leave them as drafts instead of publishing")
    imp.add_argument("--actor", default="cli", help="who imports (acts as the center's knowledge admin)")
    imp.set_defaults(func=_import)

    search = sub.add_parser("search", help="search the published articles")
    _common(search)
    search.add_argument("query", help="what the caller asks, in Chinese")
    search.add_argument("--top", type=int, default=10, help="how many results (default 10)")
    search.add_argument("--unit", help="only this unit's articles (code)")
    search.add_argument("--category", help="only this category")
    search.add_argument("--center", action="store_true", help="the center's tsvector search (PostgreSQL)")
    search.set_defaults(func=_search)

    exp = sub.add_parser("export", help="export the live version of every article")
    _common(exp)
    exp.add_argument("--out", help="write one .md per article (import format) into this folder")
    exp.add_argument("--unit", help="only this unit's articles (code)")
    exp.set_defaults(func=_export)

    show = sub.add_parser("show", help="one article: its live text, versions, a diff")
    _common(show)
    show.add_argument("article", help="article id or key")
    show.add_argument("--version", type=int, help="this published version instead of the live one")
    show.add_argument("--history", action="store_true", help="list every published version")
    show.add_argument("--diff", help="OLD[:NEW] versions to compare (NEW omitted: the working copy)")
    show.set_defaults(func=_show)

    overdue = sub.add_parser("overdue", help="articles past their review date, per unit (凉山 第二十二条(四))")
    _common(overdue)
    overdue.add_argument("--today", help="the day to judge by (default: today)")
    overdue.set_defaults(func=_overdue)

    from desktop.cli.kb_steps import register_steps

    register_steps(sub, _common)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="database URL (default: the local working copy)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _open(args: argparse.Namespace) -> tuple[Any, str]:
    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for, upgrade

    url = args.db or default_db_url()
    try:
        engine = engine_for(url)
        upgrade(engine)
    except (DatabaseError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    return engine, url


def _unit_id(engine: Any, code: str | None) -> str | None:
    from hotline.units import UnitError
    from storage.uow import UnitOfWork

    if not code:
        return None
    with UnitOfWork(engine) as uow:
        try:
            return uow.units.by_code(code).id
        except UnitError as exc:
            raise CommandError(str(exc)) from None


def _print(args: argparse.Namespace, payload: Any, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
    else:
        print("\n".join(lines))


def _import(args: argparse.Namespace) -> int:
    from hotline.knowledge.roles import Actor, Role
    from storage.knowledge.importer import ImportRefused, import_files

    engine, _ = _open(args)
    try:
        report = import_files(engine, args.files, Actor(args.actor, Role.CENTER_ADMIN), unit=args.unit,
                              category=args.category, publish=not args.draft, origin=args.actor)
    except ImportRefused as exc:
        raise CommandError(str(exc)) from None
    finally:
        engine.dispose()
    payload = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged,
               "articles": [{"id": a.id, "key": a.key, "title": a.title, "version": a.published_version,
                             "status": a.status.value} for a in report.articles]}
    lines = [f"  {a.status.label}  v{a.published_version}  {a.title}  ({a.key})" for a in report.articles]
    lines.append(f"导入 {len(report.articles)} 篇：新增 {len(report.created)}，更新 {len(report.updated)}，"
                 f"未变 {len(report.unchanged)}")
    _print(args, payload, lines)
    return 0


def _search(args: argparse.Namespace) -> int:
    from storage.knowledge.indexing import IndexKeeper
    from storage.knowledge.service import KnowledgeService

    engine, url = _open(args)
    try:
        unit_id = _unit_id(engine, args.unit)
        if args.center:
            hits = _center(engine, args, unit_id)
        else:
            service = KnowledgeService(engine, IndexKeeper.for_url(engine, url))
            found = service.search(args.query, top=args.top, unit_id=unit_id, category=args.category)
            hits = [{"id": h.article_id, "version": h.version, "title": h.title, "score": h.score,
                     "standard": h.standard, "category": h.category, "unit_id": h.unit_id,
                     "title_highlighted": h.title_highlighted, "snippet": h.snippet} for h in found]
    finally:
        engine.dispose()
    lines = [f"{i:>3}. {'[标准答案] ' if h['standard'] else ''}{h['title']}  v{h['version']}  {h['id']}"
             for i, h in enumerate(hits, start=1)] + [f"({len(hits)} 篇)"]
    _print(args, hits, lines)
    return 0


def _center(engine: Any, args: argparse.Namespace, unit_id: str | None) -> list[dict[str, Any]]:
    from sqlalchemy.orm import Session

    from hotline.timezone import now
    from storage.knowledge.center_search import CenterSearchUnavailable, center_search

    with Session(engine) as session:
        try:
            found = center_search(session, args.query, top=args.top, today=now().date(), unit_id=unit_id,
                                  category=args.category)
        except CenterSearchUnavailable as exc:
            raise CommandError(str(exc)) from None
    return [{"id": h.article_id, "version": h.version, "title": h.title, "score": round(h.rank, 4),
             "standard": h.standard, "category": h.category, "unit_id": h.unit_id} for h in found]


def _export(args: argparse.Namespace) -> int:
    from storage.knowledge.exporter import export_records, write_markdown

    engine, _ = _open(args)
    try:
        records = export_records(engine, unit_id=_unit_id(engine, args.unit))
    finally:
        engine.dispose()
    if args.out:
        files = write_markdown(records, Path(args.out))
        print(f"导出 {len(files)} 篇到 {args.out}")
        return 0
    print(json.dumps(records, ensure_ascii=False, indent=1))
    return 0


def _show(args: argparse.Namespace) -> int:
    from hotline.knowledge.errors import KnowledgeError
    from storage.knowledge.service import KnowledgeService
    from storage.uow import UnitOfWork

    engine, _ = _open(args)
    try:
        with UnitOfWork(engine) as uow:
            found = uow.knowledge.find(args.article) or uow.knowledge.by_key(args.article)
        if found is None:
            raise CommandError(f"no article {args.article!r} in this database")
        service = KnowledgeService(engine)
        try:
            reading = service.read(found.id, args.version) if found.published_version else None
            history = service.history(found.id) if args.history else []
            change = _diff(service, found.id, args.diff) if args.diff else None
        except KnowledgeError as exc:
            raise CommandError(f"{type(exc).__name__}: {exc}", code=3) from None
    finally:
        engine.dispose()
    from hotline.knowledge.review import ARTICLE, review_overdue
    from hotline.timezone import now

    overdue = review_overdue(found, now().date())
    payload: dict[str, Any] = {"article": found.to_json(), "review_overdue": overdue}
    lines = [f"{'[标准答案] ' if found.standard else ''}{found.title}  [{found.status.label}]  修订 {found.revision}  "
             f"发布版本 {found.published_version}",
             f"id {found.id}  key {found.key}  分类 {found.category}  复核 {found.review_by}"
             + (f"  复核逾期 ({ARTICLE})" if overdue else "")]
    if reading is not None:
        payload["version"] = reading.version.to_json()
        lines += [f"--- 版本 {reading.version.version}  {reading.version.published_at:%Y-%m-%d %H:%M}  "
                  f"发布 {reading.version.published_by}  审核 {reading.version.approved_by}", reading.version.body]
    if history:
        payload["history"] = [v.to_json() for v in history]
        lines += [f"  v{v.version}  {v.published_at:%Y-%m-%d %H:%M}  编辑 {v.edited_by}  审核 {v.approved_by}  "
                  f"发布 {v.published_by}  {v.note}" for v in history]
    if change is not None:
        payload["diff"] = change.text()
        lines += ["--- 差异", change.text()]
    _print(args, payload, lines)
    return 0


def _diff(service: Any, article_id: str, spec: str) -> Any:
    old, _, new = spec.partition(":")
    try:
        return service.diff(article_id, int(old), int(new) if new else None)
    except ValueError:
        raise CommandError(f"--diff takes OLD[:NEW] version numbers, not {spec!r}") from None


def _overdue(args: argparse.Namespace) -> int:
    from datetime import date

    from hotline.timezone import now
    from storage.uow import UnitOfWork

    try:
        today = date.fromisoformat(args.today) if args.today else now().date()
    except ValueError:
        raise CommandError(f"--today: {args.today!r} is not a date (YYYY-MM-DD)") from None
    engine, _ = _open(args)
    try:
        with UnitOfWork(engine) as uow:
            articles = uow.knowledge.review_overdue(today)
            names = {u.id: u.name for u in uow.units.all()}
    finally:
        engine.dispose()
    counts: dict[str, int] = {}
    for a in articles:
        counts[names.get(a.unit_id or "", "12345热线中心")] = counts.get(names.get(a.unit_id or "", "12345热线中心"), 0) + 1
    payload = {"today": today.isoformat(), "per_unit": counts,
               "articles": [{"id": a.id, "title": a.title, "unit_id": a.unit_id, "review_by": a.review_by}
                            for a in articles]}
    lines = [f"{n:>4}  {unit}" for unit, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    lines.append(f"({len(articles)} 篇超过复核日期，凉山 第二十二条(四))")
    _print(args, payload, lines)
    return 0
