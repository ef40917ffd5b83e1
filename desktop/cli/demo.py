"""``hotline demo``: the product on one machine with the embedded defaults.

Until the desk window exists it plays the scripted stories (desktop/demo/scenarios.py) on a fresh
SQLite file in the data directory and prints what happened, then the KPIs.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.main import CommandError
from hotline.secrets import mask_url


def register(subparsers: Any) -> None:
    """Add ``hotline demo``."""
    p = subparsers.add_parser("demo", help="run the scripted demo on the embedded database")
    p.add_argument("--db", help="database URL (default: a fresh demo.sqlite3 in the data directory)")
    p.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    from desktop.demo.runner import DemoBroken, run_demo
    from hotline.paths import data_dir
    from storage.db import DatabaseError, engine_for, upgrade
    from storage.demo import load_demo

    url = args.db
    if url is None:
        path = data_dir() / "demo.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    print(f"12345 热线演示 — 数据库 {mask_url(url)}")
    try:
        engine = engine_for(url)
        upgrade(engine)
        load_demo(engine)
        run_demo(engine)
    except (DatabaseError, DemoBroken) as exc:
        raise CommandError(str(exc), code=1) from exc
    finally:
        engine.dispose()
    return 0
