"""``hotline central fold-units``: judge and fold the ticket events units' database logins inserted.

    hotline central fold-units [--db URL] [--json]

One pass of storage.unit_fold.fold_unit_events (``hotline center run`` runs it every few seconds):
each pending event is accepted or rejected with its reason, and its ticket's view re-folded. Exit 0;
a database error is the command's message (exit 2).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``central fold-units``."""
    p = subparsers.add_parser("central", help="jobs of the central database")
    sub = p.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    fold = sub.add_parser("fold-units", help="fold the ticket events units' logins inserted (pending)")
    fold.add_argument("--db", help="central database URL (default: the local one)")
    fold.add_argument("--json", action="store_true", help="print the report as JSON")
    fold.set_defaults(func=_fold)


def _fold(args: argparse.Namespace) -> int:
    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for, upgrade
    from storage.unit_fold import fold_unit_events

    try:
        engine = engine_for(args.db or default_db_url())
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    try:
        upgrade(engine)
        report = fold_unit_events(engine)
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"tickets": report.tickets, "accepted": report.accepted, "rejected": report.rejected,
                          "pending": report.pending, "logged": report.logged}, ensure_ascii=False))
        return 0
    print(f"单位事件：{len(report.accepted)} 条采纳，{len(report.rejected)} 条驳回，{len(report.pending)} 条待定"
          f"（{report.tickets} 件工单已重算） (unit events: accepted, rejected, pending; tickets re-folded)")
    for event_id, why in report.rejected.items():
        print(f"  rejected {event_id}: {why}")
    return 0
