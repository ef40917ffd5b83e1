"""A desk's recording upload loop as its own process (tests, the bench, a desk without its window).

    python -m desktop.app.recupload_main --db sqlite:///desk.sqlite3 --central postgresql+psycopg://... \
        --recordings DIR --store http://127.0.0.1:8090 --desk 1001 --key KEY [--every 0.2] [--seconds 60]

Each round: upload (desktop.app.recupload.Uploader.run_once), then push and pull (storage.sync), so
the desk's rows reach the center and the center's verified marks come back. Prints one JSON line per
round that changed something. Errors of a round are printed and the next round tries again.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="recupload")
    p.add_argument("--db", required=True)
    p.add_argument("--central", required=True)
    p.add_argument("--recordings", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--desk", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--origin", default="")
    p.add_argument("--every", type=float, default=1.0)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--max-backoff", type=float, default=60.0)
    p.add_argument("--batch", type=int, default=50, help="files sent per round at most")
    args = p.parse_args(argv)

    from desktop.app.recupload import Uploader
    from storage.db import engine_for, upgrade
    from storage.sync import sync_once

    upgrade(args.db)
    local, central = engine_for(args.db), engine_for(args.central)
    up = Uploader(local, Path(args.recordings), args.store, desk=args.desk, key=args.key,
                  origin=args.origin or f"desk-{args.desk}", max_backoff_s=args.max_backoff)
    end = time.monotonic() + args.seconds
    print("READY", flush=True)
    while time.monotonic() < end:
        report = up.run_once(args.batch)
        synced = sync_once(local, central).last_error
        if report.queued or report.sent or report.failed or report.deleted or synced:
            print(json.dumps({"queued": report.queued, "sent": report.sent, "failed": report.failed,
                              "deleted": report.deleted, "sync_error": synced}), flush=True)
        time.sleep(args.every)
    local.dispose()
    central.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
