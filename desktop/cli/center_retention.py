"""``hotline center retention``: purge the recordings past ``recordings.retention_days`` now, or see what would go.

    hotline center retention [--dry-run] [--days N] [--settings F] [--db URL] [--json]

The same pass ``hotline center run`` makes every ``--retention-every`` seconds
(telephony.center.retention): verified recordings that started more than N days ago and belong to
no ticket's call are removed from the store, their rows marked ``purged`` and each purge audited;
recordings of a ticket's calls stay for its archive, quarantined files stay for the investigation.
N is the settings file's ``recordings.retention_days`` unless ``--days`` says otherwise (the same
30–36500 range; out of range is ``[out-of-range]``, exit 2). ``--dry-run`` changes nothing and
lists the ids that would go.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError


def register(sub: Any) -> None:
    """Add ``retention`` under ``hotline center``."""
    p = sub.add_parser("retention", help="purge recordings past recordings.retention_days (or --dry-run)")
    p.add_argument("--db", help="central database URL (default: the local working copy)")
    p.add_argument("--settings", metavar="FILE", help="center settings (default: center-settings.toml in the data directory)")
    p.add_argument("--days", help="retention in days instead of the settings' recordings.retention_days")
    p.add_argument("--dry-run", action="store_true", help="change nothing; list what would be purged")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_command)


def retention_days(settings: str | None, days: str | None = None) -> int:
    """``days`` checked like the setting, else the settings file's value; CommandError with the code."""
    from desktop.cli.center_settings import load_settings
    from hotline.monitoring import SettingsError, check_value

    try:
        if days is not None:
            return int(check_value("recordings.retention_days", days))
        return load_settings(settings).retention_days
    except SettingsError as exc:
        raise CommandError(f"[{exc.code}] {exc}") from None


def start_retention(settings: str | None, db_url: str, state_dir: Path, say: Callable[[str], None],
                    every_s: float) -> Any:
    """The center run's retention thread, started; the settings file is read again before each pass."""
    from desktop.cli.center_settings import load_settings
    from telephony.center.retention import RetentionThread

    thread = RetentionThread(db_url, state_dir, days=lambda: load_settings(settings).retention_days, say=say,
                             every_s=every_s)
    thread.start()
    return thread


def _command(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from desktop.cli.center_state import center_dir
    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for
    from telephony.center.retention import purge_expired

    days = retention_days(args.settings, args.days)
    try:
        engine = engine_for(args.db or default_db_url())
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    try:
        report = purge_expired(engine, center_dir(), days=days, dry_run=args.dry_run)
    except (SQLAlchemyError, OSError) as exc:
        text = str(exc).splitlines()[0] if str(exc) else ""
        hint = "；数据库尚未初始化 (not set up): hotline db upgrade" if "recordings" in text and (
            "no such table" in text or "does not exist" in text) else ""
        raise CommandError(f"录音保存期处理失败 (retention pass failed): {type(exc).__name__}: {text}{hint}") from None
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({**report.as_dict(), "dry_run": args.dry_run, "ids": report.ids}, ensure_ascii=False))
        return 0
    verb = "将删除 (would purge)" if args.dry_run else "已删除 (purged)"
    print(f"录音保存期 {days} 天（{report.cutoff:%Y-%m-%d %H:%M} 之前）：{verb} {report.purged} 条；"
          f"属于工单、随工单归档保留 (kept for their tickets) {report.held_by_ticket} 条")
    if report.restored or report.removed_leftovers:
        print(f"上次中断的删除：恢复 {report.restored} 个，清除 {report.removed_leftovers} 个 "
              "(an interrupted pass: restored / removed)")
    if args.dry_run:
        for rid in report.ids:
            print(rid)
    return 0
