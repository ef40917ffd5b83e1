"""``hotline db``: upgrade the schema, load the demo city, and show a database's state.

``hotline db upgrade [--db URL]`` brings a database (default: this user's local working copy) to the
newest migration and seeds the work calendar; ``hotline db seed-demo`` also loads the demo units of
青川市, its knowledge base and its accounts (storage.demo_accounts, with their demo passwords); ``hotline db add-year`` loads an official calendar year (replacing a provisional one; open
tickets' deadlines are re-counted and every moved one recorded with the reason); ``hotline db
status`` prints the revision, row counts, calendar years (warning from 90 days before the official
data ends) and the sync status.
URLs: ``sqlite:///PATH`` or ``postgresql://user@host/db``. SQLAlchemy is imported inside handlers.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``db`` with its ``upgrade``, ``seed-demo`` and ``status`` sub-commands."""
    parser = subparsers.add_parser("db", help="database: upgrade the schema, load demo data, status")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    up = sub.add_parser("upgrade", help="bring the schema to the newest migration (a no-op when current)")
    _db_option(up)
    up.set_defaults(func=_upgrade)

    seed = sub.add_parser("seed-demo", help="upgrade, then load the demo city's units, calendar, knowledge and accounts")
    _db_option(seed)
    seed.add_argument(
        "--role",
        choices=("desk", "center"),
        default="desk",
        help="desk: record the units in the outbox; center: in the central change log",
    )
    seed.set_defaults(func=_seed)

    year = sub.add_parser("add-year", help="cover a year of the work calendar from a CSV an admin prepared")
    _db_option(year)
    year.add_argument("year", type=int, help="the year, e.g. 2027")
    year.add_argument("file", help="CSV lines: date,kind,name — kind 休 (holiday on a weekday) or 班 (make-up workday)")
    year.add_argument("--role", choices=("desk", "center"), default="center",
                      help="center (default): the year goes to every workstation with its next pull")
    year.add_argument("--actor", default="admin", help="who loads it (recorded on moved tickets)")
    year.add_argument("--at", default=None, help="when, ISO-8601 (default: now)")
    year.set_defaults(func=_add_year)

    status = sub.add_parser("status", help="revision, row counts, calendar years, sync status")
    _db_option(status)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    calendar_options(status)
    status.set_defaults(func=_status)


def calendar_options(parser: argparse.ArgumentParser) -> None:
    """``--calendar-warn-days`` and ``--today``: when the missing-year warning starts (db status, board)."""
    from hotline.calendar_outlook import DEFAULT_WARN_DAYS

    parser.add_argument("--calendar-warn-days", type=int, default=DEFAULT_WARN_DAYS,
                        help=f"warn this many days before the official calendar data ends (default {DEFAULT_WARN_DAYS})")
    parser.add_argument("--today", default=None, help="judge the warning as on this date, YYYY-MM-DD (default: today)")


def calendar_outlook(session: Any, args: argparse.Namespace) -> Any:
    """The stored calendar's outlook (hotline.calendar_outlook) for the options of calendar_options."""
    from datetime import date

    from hotline.calendar_outlook import outlook
    from hotline.timezone import now
    from storage.calendar import CalendarRepository

    try:
        today = date.fromisoformat(args.today) if args.today else now().date()
        return outlook(CalendarRepository(session).load(), today, args.calendar_warn_days)
    except ValueError as exc:
        raise CommandError(f"--today/--calendar-warn-days: {exc}") from None


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="database URL (default: the local working copy)")


def _url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    from hotline.paths import default_db_url

    return default_db_url()


def _shown(url: str) -> str:
    from hotline.secrets import mask_url

    return mask_url(url)


def _upgrade(args: argparse.Namespace) -> int:
    from storage.db import DatabaseError, upgrade

    url = _url(args)
    try:
        revision = upgrade(url)
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    print(f"database {_shown(url)} is at migration {revision}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from hotline.units import UnitError
    from storage.db import DatabaseError, engine_for, upgrade
    from storage.demo import load_demo

    url = _url(args)
    try:
        upgrade(url)
        engine = engine_for(url)
        try:
            counts = load_demo(engine, role=args.role)
        finally:
            engine.dispose()
    except (DatabaseError, UnitError, ValueError) as exc:
        raise CommandError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise CommandError(
            f"cannot load the demo data into {_shown(url)}: {exc.__class__.__name__}: {exc}"
        ) from None
    print(
        f"demo data in {_shown(url)}: {counts['units']} units written, "
        f"{counts['calendar_years']} calendar years added, {counts.get('articles', 0)} knowledge articles published, "
        f"{counts.get('accounts', 0)} accounts added (demo passwords: README, Accounts)"
    )
    return 0


def read_year_csv(path: str, year: int) -> dict[Any, tuple[bool, str]]:
    """The exceptional days of ``year`` from ``path``; CommandError names the file, line and problem."""
    import csv
    from datetime import date

    kinds = {"班": True, "work": True, "workday": True, "休": False, "holiday": False, "rest": False}
    days: dict[date, tuple[bool, str]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for number, row in enumerate(csv.reader(fh), start=1):
                if not row or row[0].strip().startswith("#") or row[0].strip().lower() == "date":
                    continue
                where = f"{path}:{number}"
                if len(row) < 2:
                    raise CommandError(f"{where}: expected date,kind[,name], got {','.join(row)!r}")
                try:
                    day = date.fromisoformat(row[0].strip())
                except ValueError:
                    raise CommandError(f"{where}: {row[0]!r} is not a date (YYYY-MM-DD)") from None
                if day.year != year:
                    raise CommandError(f"{where}: {day} is not in {year}")
                kind = row[1].strip().lower()
                if kind not in kinds:
                    raise CommandError(f"{where}: kind must be 班 (make-up workday) or 休 (holiday), not {row[1]!r}")
                if day in days:
                    raise CommandError(f"{where}: {day} is listed twice")
                days[day] = (kinds[kind], row[2].strip() if len(row) > 2 else "")
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    if not days:
        raise CommandError(f"{path}: no days for {year}; a year has at least its New Year holiday")
    return days


def _add_year(args: argparse.Namespace) -> int:
    from hotline.tickets.dues import title
    from hotline.timezone import parse_iso
    from storage.calendar_publish import publish_year
    from storage.db import DatabaseError, engine_for, upgrade
    from storage.uow import UnitOfWork

    days = read_year_csv(args.file, args.year)
    try:
        at = parse_iso(args.at) if args.at else None
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    url = _url(args)
    try:
        upgrade(url)
        engine = engine_for(url)
        try:
            with UnitOfWork(engine, origin="admin", role=args.role) as uow:
                source = f"admin:{Path(args.file).name}"[:60]
                done = publish_year(uow, args.year, days, source, actor=args.actor, at=at)
                uow.commit()
        finally:
            engine.dispose()
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    holidays = sum(1 for w, _ in days.values() if not w)
    replaced = "; replaced the provisional year (替换暂定日历)" if done.replaced_provisional else ""
    print(f"calendar {args.year} in {_shown(url)}: {holidays} holidays, {len(days) - holidays} make-up workdays{replaced}")
    print(f"open tickets re-counted: {len(done.moved)} with moved deadlines (时限调整), {done.refreshed} unchanged")
    for number, changes in done.moved.items():
        moves = "; ".join(f"{title(c['deadline'])} {_short(c['from'])} → {_short(c['to'])}" for c in changes)
        print(f"  {number}: {moves}")
    return 0


def _short(iso: str | None) -> str:
    return iso[:16].replace("T", " ") if iso else "—"


def _status(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import DatabaseError, engine_for

    url = _url(args)
    try:
        engine = engine_for(url)
        try:
            facts = _facts(engine, args)
        finally:
            engine.dispose()
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise CommandError(f"cannot reach the database {_shown(url)}: {first}") from None
    facts["url"] = _shown(url)
    if args.json:
        print(json.dumps(facts, ensure_ascii=False, indent=1, default=str))
        return 0
    if facts["revision"] is None:
        print(f"{facts['url']}: not initialised (run: hotline db upgrade --db URL)")
        return 1
    print(f"database   {facts['url']}")
    print(
        f"migration  {facts['revision']} (newest {facts['head']})"
        + ("" if facts["current"] else "  OUTDATED")
    )
    print(f"tickets    {facts['tickets']}  events {facts['events']}  units {facts['units']}")
    years = facts["calendar_years"]
    print(f"calendar   {years[0]}–{years[-1]} ({len(years)} years)" if years else "calendar   EMPTY")
    if facts["calendar"]["warning"]:
        print(f"           ！{facts['calendar']['warning']}")
    sync = facts["sync"]
    print(
        f"sync       {sync['describe']}; last push {sync['last_push_at']}, last pull {sync['last_pull_at']}"
    )
    return 0


def _facts(engine: Any, args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from storage.db import current_revision, head_revision
    from storage.sync import sync_status
    from storage.tables import CalendarYearRow, EventRow, TicketRow, UnitRow

    revision, head = current_revision(engine), head_revision()
    facts: dict[str, Any] = {"revision": revision, "head": head, "current": revision == head}
    if revision is None:
        return facts
    with Session(engine) as session:
        for key, model in (("tickets", TicketRow), ("events", EventRow), ("units", UnitRow)):
            facts[key] = session.scalar(select(func.count()).select_from(model))
        facts["calendar_years"] = list(
            session.scalars(select(CalendarYearRow.year).order_by(CalendarYearRow.year))
        )
        facts["calendar"] = calendar_outlook(session, args).to_json()
    status = sync_status(engine)
    facts["sync"] = {
        "pending": status.pending,
        "last_push_at": status.last_push_at,
        "last_pull_at": status.last_pull_at,
        "last_error": status.last_error,
        "describe": status.describe(),
    }
    return facts
