"""``hotline sync``: push the local outbox to the central database and pull its changes, once.

The desk runs the same step on a schedule; this command is for scripts, operators and the tests.
Exit status 0 when both directions succeeded, 1 when the center could not be reached (the local copy
is untouched and keeps its outbox), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``hotline sync``."""
    p = subparsers.add_parser("sync", help="push the outbox to the center and pull its changes")
    p.add_argument("--db", help="the local working copy (default: the data directory's)")
    p.add_argument("--central", help="the central database URL (omit with --status)")
    p.add_argument("--status", action="store_true", help="only show the local sync status")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_sync)


def _sync(args: argparse.Namespace) -> int:
    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for, upgrade
    from storage.sync import SyncError, pull, push, sync_status

    if not args.status and not args.central:
        raise CommandError("--central URL is needed (or --status)")
    try:
        local = engine_for(args.db or default_db_url())
        upgrade(local)
    except (DatabaseError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    pushed = pulled = 0
    failure = ""
    try:
        if not args.status:
            central = engine_for(args.central)
            try:
                upgrade(central)
                pushed = push(local, central)
                pulled = pull(local, central)
            except (DatabaseError, SyncError) as exc:
                failure = str(exc)
            finally:
                central.dispose()
        status = sync_status(local)
    finally:
        local.dispose()
    if args.json:
        print(json.dumps({"pushed": pushed, "pulled": pulled, "pending": status.pending,
                          "last_seq": status.last_seq, "error": failure or status.last_error}, ensure_ascii=False))
    else:
        if not args.status:
            print(f"上传 pushed {pushed}, 下载 pulled {pulled}")
        print(status.describe())
        if failure:
            print(f"hotline: {failure}")
    return 1 if failure else 0
