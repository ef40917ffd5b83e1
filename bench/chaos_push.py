"""The push figure of ``python -m bench chaos``: a workstation's 10,000 outbox rows to a fresh center.

One workstation is prepared once (5,000 tickets, CREATED + DISPATCHED: 10,000 outbox rows) and one
seeded center per backend (a template database on PostgreSQL, a file on SQLite). Each round copies
both, pushes, and times the push alone (wall, and this process's CPU). On PostgreSQL the rounds
alternate ours (pipelined: the server stores one part while this process folds the next,
storage.pipeline) with the baseline in the same run (``push(overlap=False)``: each statement waited
for, as before), so both see the same machine. The figures are the medians of the
rounds, every round listed beside them: this machine is shared, and one round can be 30 % off.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import text

from hotline.ids import new_id
from storage.db import engine_for, upgrade
from storage.demo import load_demo
from storage.uow import UnitOfWork

EVENTS = 10_000


def workstation(path: Path, units: list[str]) -> Path:
    """A desk's SQLite copy at ``path`` with exactly 10,000 outbox rows (5,000 new tickets)."""
    from bench.tickets import write_through_repository

    local = engine_for(f"sqlite:///{path}")
    try:
        upgrade(local)
        load_demo(local)
        with UnitOfWork(local) as uow:  # the directory's own outbox rows are not part of the figure
            uow.session.execute(text("DELETE FROM outbox"))
            uow.commit()
        write_through_repository(local, EVENTS // 2, units, random.Random(12345), origin="desk2")
    finally:
        local.dispose()
    return path


def seeded_center(url: str) -> list[str]:
    """Migrate and seed the center at ``url``; the ids of the units tickets may be dispatched to."""
    engine = engine_for(url)
    try:
        upgrade(engine)
        load_demo(engine, role="center")
        with UnitOfWork(engine) as uow:
            return [u.id for u in uow.units.all() if u.level >= 2]
    finally:
        engine.dispose()


def push_once(desk: Path, central_url: str, workdir: Path, *, overlap: bool = True) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds) to push a copy of ``desk``'s outbox to the center."""
    from storage.sync import push

    copy = workdir / f"desk-{new_id()}.sqlite3"
    shutil.copyfile(desk, copy)
    local, central = engine_for(f"sqlite:///{copy}"), engine_for(central_url)
    try:
        c0, t0 = time.process_time(), time.perf_counter()
        pushed = push(local, central, overlap=overlap)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        local.dispose()
        central.dispose()
        copy.unlink(missing_ok=True)
    if pushed != EVENTS:
        raise RuntimeError(f"pushed {pushed} rows, not {EVENTS}")
    return wall, cpu


def push_figures(pg_admin: str, workdir: Path, rounds: int = 5) -> dict[str, Any]:
    """Median seconds to push 10,000 outbox rows to a fresh center, per backend, with every round."""
    workdir.mkdir(parents=True, exist_ok=True)
    center_file = workdir / "center-template.sqlite3"
    units = seeded_center(f"sqlite:///{center_file}")
    desk = workstation(workdir / "desk-template.sqlite3", units)
    runs: dict[str, list[tuple[float, float]]] = {"sqlite": [], "postgres": [], "postgres_baseline": []}
    load = os.getloadavg()[0]
    for _ in range(rounds):
        central = workdir / f"center-{new_id()}.sqlite3"
        shutil.copyfile(center_file, central)
        runs["sqlite"].append(push_once(desk, f"sqlite:///{central}", workdir))
        central.unlink()
    base = pg_admin.rsplit("/", 1)[0]
    template = f"bench_push_tpl_{new_id()[-12:]}"
    with psycopg.connect(pg_admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{template}"')
    try:
        seeded_center(f"{base}/{template}")
        for i in range(2 * rounds):
            overlap = i % 2 == 0
            name = f"bench_push_{new_id()[-12:]}"
            with psycopg.connect(pg_admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            try:
                runs["postgres" if overlap else "postgres_baseline"].append(
                    push_once(desk, f"{base}/{name}", workdir, overlap=overlap))
            finally:
                _drop(pg_admin, name)
    finally:
        _drop(pg_admin, template)
    out: dict[str, Any] = {"rounds": rounds, "loadavg_before": round(load, 1),
                           "loadavg_after": round(os.getloadavg()[0], 1)}
    for name, found in runs.items():
        out[name] = round(statistics.median(w for w, _ in found), 2)
        out[f"{name}_cpu"] = round(statistics.median(c for _, c in found), 2)
        out[f"{name}_runs"] = [round(w, 2) for w, _ in found]
    return out


def _drop(pg_admin: str, name: str) -> None:
    with psycopg.connect(pg_admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

