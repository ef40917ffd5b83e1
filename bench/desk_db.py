"""The desk benchmark's working copy: bench/screenpop.py's cached 1,000,000-ticket database plus the
demo city (calendar, units, knowledge articles, accounts with SIP HA1), itself cached in bench/.cache,
and copied fresh for each run (a run writes tickets, audit entries and drafts into its copy).

    path, callers = working_copy(n=1_000_000, seed=12345, into=run_dir)
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from bench import screenpop
from storage.db import engine_for, head_revision, upgrade

DESK_GENERATOR = 1  # bump when what is added to the screen-pop database changes
CACHE = screenpop.ROOT / ".cache"


def screenpop_db(n: int, seed: int, log: object = print) -> tuple[Path, int]:
    """bench/screenpop.py's cached database (built when missing: ~2-3 min at 1M); (path, callers)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"screenpop-g{screenpop.GENERATOR}-r{head_revision()}-n{n}-s{seed}.sqlite3"
    if not path.exists():
        log(f"[desk] building {n:,} tickets in {path} (bench/screenpop.py's generator)")
        screenpop.build(path, n, seed)
    return path, int(json.loads((CACHE / f"{path.name}.json").read_text())["callers"])


def desk_db(n: int, seed: int, log: object = print) -> tuple[Path, int]:
    """The screen-pop database with the demo city added, cached beside it; (path, callers)."""
    from storage.demo import load_demo

    source, callers = screenpop_db(n, seed, log)
    path = CACHE / f"desk-g{DESK_GENERATOR}-{source.name}"
    if not path.exists():
        t0 = time.perf_counter()
        partial = path.with_suffix(".partial")
        shutil.copyfile(source, partial)
        engine = engine_for(f"sqlite:///{partial}")
        try:
            upgrade(engine)
            counts = load_demo(engine)
        finally:
            engine.dispose()
        partial.rename(path)
        log(f"[desk] demo city added to a copy in {time.perf_counter() - t0:.0f} s: {counts}")
    return path, callers


def working_copy(n: int, seed: int, into: Path, log: object = print) -> tuple[Path, int]:
    """A fresh copy of the desk database in ``into`` (the run's own); (path, callers)."""
    source, callers = desk_db(n, seed, log)
    into.mkdir(parents=True, exist_ok=True)
    target = into / "desk.sqlite3"
    t0 = time.perf_counter()
    shutil.copyfile(source, target)
    with open(target, "rb+") as fh:  # on disk now: the first fsync of a timed desk must not write 2 GiB
        os.fsync(fh.fileno())
    log(f"[desk] working copy {target} ({target.stat().st_size / 2**30:.1f} GiB) in {time.perf_counter() - t0:.0f} s")
    return target, callers
