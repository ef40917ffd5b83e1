"""The recordings benchmark's data: N recordings at a PostgreSQL center, made in SQL (generate_series).

400 agents in 20 teams (users and units), 200,000 callers, six queues, 180 days of calls ending
2026-12-01, durations skewed short (30 s to 30 min), 2 % not verified; one leg each in
``recording_calls``; a QA sheet on one recording in 20; 20,000 tickets whose intake call is a
recorded one (``ticket_calls``). The database is kept on the server as a cache
(``hotline_bench_recordings_g<GEN>_n<N>``, noted in bench/.cache/) and rebuilt when GENERATOR or
the schema head changes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import psycopg

from storage.db import head_revision, upgrade

GENERATOR = 2
AGENTS, TEAMS, CALLERS = 400, 20, 200_000
QUEUES = ("12345", "zwfw", "tousu", "yiqing", "english", "elder")
END = "2026-12-01 00:00:00+08"
SPAN_S = 180 * 86400


def tickets_for(n: int) -> int:
    return min(20_000, max(1, n // 10))


def db_name(n: int) -> str:
    return f"hotline_bench_recordings_g{GENERATOR}_n{n}"


def admin_url() -> str:
    import os

    return os.environ.get("HOTLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def ensure(n: int, cache: Path) -> tuple[str, float, bool]:
    """(SQLAlchemy URL, build seconds, reused) of the benchmark database with ``n`` recordings."""
    name, base = db_name(n), admin_url().rsplit("/", 1)[0]
    url = f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    marker = cache / f"{name}.json"
    cache.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
    if exists and marker.exists() and json.loads(marker.read_text()).get("head") == head_revision():
        return url, 0.0, True
    t0 = time.perf_counter()
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        stale = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                             (f"hotline_bench_recordings_g%_n{n}",)).fetchall()
        for (old,) in stale:  # an older generation's copy: not kept beside the new one
            conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    upgrade(url, seed_calendar=False)
    with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
        fill(conn, n)
    built = time.perf_counter() - t0
    marker.write_text(json.dumps({"database": name, "n": n, "head": head_revision(), "build_s": round(built, 1)}))
    return url, built, False


def fill(conn: psycopg.Connection, n: int) -> None:
    """Insert everything (see the module docstring) and ANALYZE."""
    conn.execute("SELECT setseed(0.12345)")
    conn.execute(f"""INSERT INTO units (id, code, name, short_name, level, kind, parent_id, remit, active, updated_at)
        SELECT 'team-' || t, 'team.' || t, '话务' || t || '班', '', 1, 'team', NULL, '[]', true, now()
        FROM generate_series(1, {TEAMS}) t""")
    conn.execute(f"""INSERT INTO users (id, login, display_name, role, unit_id, sip_user, password_hash, sip_ha1,
            disabled, created_at, updated_at)
        SELECT 'user-' || a, 'agent' || (1000 + a), '坐席' || a, 'agent', 'team-' || (1 + a % {TEAMS}),
               (1000 + a)::text, 'x', NULL, false, now(), now()
        FROM generate_series(1, {AGENTS}) a""")
    conn.execute(f"""INSERT INTO recordings (id, interaction_id, call_ids, agent, caller, queue, started_at,
            duration_s, size_bytes, sha256, codec, store_path, state, uploaded_at, verified_at, problem, origin)
        SELECT 'r' || lpad(i::text, 10, '0'), 'ia' || i, jsonb_build_array('c' || i),
               (1001 + floor(random() * {AGENTS}))::int::text,
               '13' || lpad(floor(random() * {CALLERS})::int::text, 9, '0'),
               (ARRAY{list(QUEUES)})[1 + floor(power(random(), 2) * {len(QUEUES)})::int],
               timestamptz '{END}' - make_interval(secs => i * {SPAN_S / n:.6f}),
               round((30 + power(random(), 3) * 1770)::numeric, 1),
               (20000 + random() * 400000)::int, repeat('a', 64), 'opus', 'bench/' || i || '.ogg',
               CASE WHEN random() < 0.98 THEN 'verified' ELSE 'uploaded' END, now(), now(), '', 'bench'
        FROM generate_series(1, {n}) i""")
    conn.execute(f"""INSERT INTO recording_calls (recording_id, call_id)
        SELECT 'r' || lpad(i::text, 10, '0'), 'c' || i FROM generate_series(1, {n}) i""")
    conn.execute("""INSERT INTO qa_scores (id, recording_id, agent, started_at, scorer, scored_at, form_version,
            scores, total, comment, current)
        SELECT 'q' || r.id, r.id, r.agent, r.started_at, 'qa-li', r.started_at + interval '1 day', 'bench', '{}',
               round((40 + random() * 60)::numeric, 1), '', true
        FROM recordings r WHERE right(r.id, 2) IN ('00', '20', '40', '60', '80')""")
    tickets = tickets_for(n)
    step = max(1, n // tickets)
    conn.execute(f"""INSERT INTO tickets (id, number, profile, state, category, urgency, channel, caller_phone,
            caller_phone_raw, caller_name, caller_address, matter_address, content, created_at, updated_at,
            disposition, redo_count, closed_how, repeat_calls, view)
        SELECT 't' || k, 'B' || lpad(k::text, 8, '0'), 'national', 'intake', 'help', 'normal', 'phone', '', '', '',
               '', '', 'bench', now(), now(), '', 0, '', 0, '{{}}'
        FROM generate_series(1, {tickets}) k""")
    conn.execute(f"""INSERT INTO ticket_calls (ticket_id, call_id, interaction_id, linked_at, origin, event_id)
        SELECT 't' || k, 'c' || (k * {step}), 'ia' || (k * {step}), now(), 'bench', 'e' || k
        FROM generate_series(1, {tickets}) k""")
    conn.execute("ANALYZE")
