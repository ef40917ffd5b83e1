"""The tamper-evident audit log: real rows changed, inserted and removed in SQLite and PostgreSQL files,
found by ``hotline audit verify`` with origin, sequence and id; chains survive sync and offline desks."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.audit_chain import verify
from storage.db import engine_for, upgrade
from storage.sync import pull, push
from storage.uow import UnitOfWork
from tests.guard.conftest import cli


def _record(engine, origin: str, n: int, role: str = "desk") -> list:
    with UnitOfWork(engine, origin=origin, role=role) as uow:
        made = [uow.audit.record(f"agent-{i}", "view-caller", "ticket", f"t-{i}", command="test", n=i)
                for i in range(n)]
        uow.commit()
    return made


def _problems(engine):
    with Session(engine) as session:
        return verify(session)


@pytest.fixture
def store(db_url):
    upgrade(db_url)
    engine = engine_for(db_url)
    yield db_url, engine
    engine.dispose()


def test_an_untouched_log_verifies_and_entries_are_linked(store, capsys):
    url, engine = store
    made = _record(engine, "desk-07", 4) + _record(engine, "desk-07", 2) + _record(engine, "center", 3, "center")
    assert [e.seq for e in made] == [1, 2, 3, 4, 5, 6, 1, 2, 3]
    assert made[1].prev_hash == made[0].hash and made[1].prev_id == made[0].id and made[0].prev_hash == ""
    assert made[0].chain.startswith("desk-07#") and made[6].chain.startswith("center#")
    assert _problems(engine) == (9, [])
    code, out, _ = cli(capsys, "audit", "verify", "--db", url)
    assert code == 0 and "9 entries" in out


def test_a_changed_entry_is_named(store, capsys):
    url, engine = store
    made = _record(engine, "desk-07", 5)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'someone-else' WHERE id = :id"), {"id": made[2].id})
    checked, problems = _problems(engine)
    assert [(p.kind, p.origin, p.seq, p.id) for p in problems] == [("changed", "desk-07", 3, made[2].id)]
    code, out, _ = cli(capsys, "audit", "verify", "--db", url, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert [(p["kind"], p["origin"], p["seq"], p["id"]) for p in report["problems"]] == [
        ("changed", "desk-07", 3, made[2].id)]


def test_a_changed_detail_or_time_is_found(store):
    _, engine = store
    made = _record(engine, "desk-07", 3)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET subject_id = 't-x' WHERE id = :id"), {"id": made[0].id})
        conn.execute(text("UPDATE audit_log SET at = at - interval '1 hour' WHERE id = :id")
                     if engine.dialect.name == "postgresql" else
                     text("UPDATE audit_log SET at = datetime(at, '-1 hour') WHERE id = :id"), {"id": made[1].id})
    kinds = [(p.kind, p.seq, p.id) for p in _problems(engine)[1]]
    assert kinds == [("changed", 1, made[0].id), ("changed", 2, made[1].id)]


def test_a_removed_entry_is_named_in_the_middle_and_at_the_end(store, capsys):
    url, engine = store
    made = _record(engine, "desk-07", 5)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id IN (:a, :b)"), {"a": made[1].id, "b": made[4].id})
    problems = _problems(engine)[1]
    assert [(p.kind, p.origin, p.seq, p.id) for p in problems] == [
        ("removed", "desk-07", 2, made[1].id), ("removed", "desk-07", 5, made[4].id)]
    code, out, _ = cli(capsys, "audit", "verify", "--db", url)
    assert code == 1 and made[1].id in out and made[4].id in out and "removed" in out


def test_an_inserted_entry_is_named(store):
    _, engine = store
    made = _record(engine, "desk-07", 3)
    forged = "01900000-0000-7000-8000-00000000f0f0"
    with engine.begin() as conn:  # a copy of entry 2 under a new id, same seq, same hashes
        conn.execute(text(
            "INSERT INTO audit_log (id, at, actor, action, subject_kind, subject_id, detail, origin, chain, seq,"
            " prev_hash, prev_id, hash) SELECT :new, at, 'forger', action, subject_kind, subject_id, detail, origin,"
            " chain, seq, prev_hash, prev_id, hash FROM audit_log WHERE id = :id"), {"new": forged, "id": made[1].id})
        conn.execute(text(  # and one written outside any chain
            "INSERT INTO audit_log (id, at, actor, action, subject_kind, subject_id, detail, origin)"
            " SELECT :new, at, actor, action, subject_kind, subject_id, detail, origin FROM audit_log WHERE id = :id"),
            {"new": "01900000-0000-7000-8000-00000000f0f1", "id": made[0].id})
    problems = [(p.kind, p.seq, p.id) for p in _problems(engine)[1]]
    assert ("inserted", 2, forged) in problems and ("inserted", 0, "01900000-0000-7000-8000-00000000f0f1") in problems
    assert len(problems) == 2  # the originals are not blamed


def test_a_relinked_entry_with_a_recomputed_hash_is_still_found(store):
    """Removing entry 2 and renumbering entry 3 as 2 with a fresh hash breaks the link to entry 1."""
    from storage.audit_chain import entry_hash

    _, engine = store
    made = _record(engine, "desk-07", 3)
    with Session(engine) as session, session.begin():
        session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": made[1].id})
        third = made[2].to_json() | {"at": made[2].at, "seq": 2}
        session.execute(text("UPDATE audit_log SET seq = 2, hash = :h WHERE id = :id"),
                        {"h": entry_hash(third), "id": made[2].id})
    problems = [(p.kind, p.seq, p.id) for p in _problems(engine)[1]]
    assert ("inserted", 2, made[2].id) in problems and ("removed", 3, made[2].id) in problems


def test_offline_desks_chain_and_sync_keeps_the_chains(tmp_path, pg_url, capsys):
    desks = {name: f"sqlite:///{tmp_path / f'{name}.sqlite3'}" for name in ("a", "b")}
    for url in (*desks.values(), pg_url):
        upgrade(url)
    a, b, center = engine_for(desks["a"]), engine_for(desks["b"]), engine_for(pg_url)
    try:
        offline = _record(a, "desk-a", 3)  # the center is not reachable yet: the desk chains anyway
        _record(b, "desk-b", 2)
        _record(center, "center", 2, "center")
        for desk in (a, b):
            push(desk, center)
        for desk in (a, b):
            pull(desk, center)
        for engine in (a, b, center):
            checked, problems = _problems(engine)
            assert problems == [] and checked == 7
        with Session(center) as session:
            chains = {r[0] for r in session.execute(text("SELECT DISTINCT chain FROM audit_log"))}
        assert offline[0].chain in chains and len(chains) == 3
        _record(a, "desk-a", 1)  # the chain goes on after sync
        push(a, center)
        assert _problems(center)[1] == []
        with center.begin() as conn:  # tamper at the center with the desk's entry
            conn.execute(text("UPDATE audit_log SET detail = '{\"n\": 99}' WHERE id = :id"), {"id": offline[1].id})
        assert [(p.kind, p.origin, p.seq, p.id) for p in _problems(center)[1]] == [
            ("changed", "desk-a", 2, offline[1].id)]
        assert _problems(a)[1] == []  # the desk's copy still holds the original
    finally:
        for engine in (a, b, center):
            engine.dispose()


def test_concurrent_writers_of_one_origin_take_consecutive_sequences(pg_url):
    upgrade(pg_url)
    engine = engine_for(pg_url, pool_size=6)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(5):
                _record(engine, "center", 2, "center")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    try:
        assert errors == [] and not any(t.is_alive() for t in threads)
        checked, problems = _problems(engine)
        assert checked == 40 and problems == []
        with Session(engine) as session:
            seqs = sorted(session.scalars(text("SELECT seq FROM audit_log")))
        assert seqs == list(range(1, 41))
    finally:
        engine.dispose()


def test_entries_written_before_the_chain_are_linked_by_the_migration(sqlite_url):
    from alembic import command

    from storage.db import alembic_config

    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0007")
        with engine.begin() as conn:
            for i in range(3):
                conn.execute(text(
                    "INSERT INTO audit_log (id, at, actor, action, subject_kind, subject_id, detail, origin)"
                    " VALUES (:id, :at, 'old', 'view-caller', 'ticket', 't', '{}', 'desk-old')"),
                    {"id": f"0190000{i}-0000-7000-8000-000000000000", "at": f"2026-01-0{i + 1} 00:00:00.000000"})
        upgrade(engine)
        checked, problems = _problems(engine)
        assert checked == 3 and problems == []
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE id = '01900002-0000-7000-8000-000000000000'"))
        assert [p.kind for p in _problems(engine)[1]] == ["removed"]
    finally:
        engine.dispose()


def test_verify_without_its_database_is_exit_2_not_a_verdict(capsys, tmp_path):
    code, out, err = cli(capsys, "audit", "verify", "--db", "postgresql://postgres:pw@127.0.0.1:1/none")
    assert code == 2 and "intact" not in out and "pw@" not in out + err
    code, _, _ = cli(capsys, "audit", "verify", "--db", f"sqlite:///{tmp_path / 'never-upgraded.sqlite3'}")
    assert code == 2


def test_unit_users_exist_on_postgresql_only(capsys, sqlite_url, tmp_path):
    from storage.unit_roles import UnitRoleError, create

    assert cli(capsys, "db", "seed-demo", "--db", sqlite_url)[0] == 0
    code, _, err = cli(capsys, "unit-user", "create", "--unit", "qc.cgj", "--out", str(tmp_path / "x"),
                       "--db", sqlite_url)
    assert code == 2 and not (tmp_path / "x").exists()
    engine = engine_for(sqlite_url)
    try:
        with Session(engine) as session, pytest.raises(UnitRoleError) as refused:
            create(session, "u", "qc.cgj", "pw", actor="admin")
        assert refused.value.code == "not-postgresql"
    finally:
        engine.dispose()
