"""Units see only their own: unit A's database login tries raw SQL on unit B's rows on the real PostgreSQL."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import create_engine

from hotline.ids import new_id
from storage.audit_chain import verify
from tests.guard.conftest import cli

REFUSED = (errors.InsufficientPrivilege,)  # 42501: no privilege, or a row-level security check failed


def _owner_setup(center) -> None:
    """As the center: an attachment on each ticket, an audit entry about each."""
    with center.owner() as conn:
        for key in ("A", "B"):
            conn.execute(
                "INSERT INTO ticket_attachments (id, ticket_id, name, content_type, size, sha256, added_by, added_at)"
                " VALUES (%s, %s, %s, 'image/jpeg', 10, '', 'center', now())",
                (new_id(), center.tickets[key]["id"], f"photo-{key}.jpg"))
    from sqlalchemy import create_engine as ce

    from storage.uow import UnitOfWork

    engine = ce(center.url)
    with UnitOfWork(engine, origin="center", role="center") as uow:
        for key in ("A", "B"):
            uow.audit.record("center-zhao", "view-caller", "ticket", center.tickets[key]["id"], command="test")
        uow.commit()
    engine.dispose()


def test_unit_a_reads_only_its_own_rows(center):
    _owner_setup(center)
    a, b = center.tickets["A"], center.tickets["B"]
    with center.connect_as(center.role_a) as conn:
        assert [r[0] for r in conn.execute("SELECT id FROM tickets")] == [a["id"]]
        assert conn.execute("SELECT count(*) FROM tickets WHERE id = %s", (b["id"],)).fetchone()[0] == 0
        assert [r[0] for r in conn.execute("SELECT number FROM unit_tickets")] == [a["number"]]
        assert {r[0] for r in conn.execute("SELECT ticket_id FROM ticket_events")} == {a["id"]}
        assert {r[0] for r in conn.execute("SELECT ticket_id FROM unit_ticket_events")} == {a["id"]}
        assert {r[0] for r in conn.execute("SELECT ticket_id FROM ticket_assignments")} == {a["id"]}
        assert [r[0] for r in conn.execute("SELECT name FROM ticket_attachments")] == ["photo-A.jpg"]
        assert {r[0] for r in conn.execute("SELECT subject_id FROM audit_log")} == {a["id"]}
        # the identity columns and the whole-view JSON are not readable at all
        for column in ("caller_name", "caller_phone", "caller_address", "view"):
            with pytest.raises(REFUSED):
                conn.execute(f"SELECT {column} FROM tickets")
        with pytest.raises(REFUSED):
            conn.execute("SELECT data FROM ticket_events")
        with pytest.raises(REFUSED):
            conn.execute("SELECT * FROM unit_db_users")
        with pytest.raises(REFUSED):
            conn.execute("SELECT * FROM caller_access")


def test_unit_a_cannot_write_unit_b_rows(center):
    _owner_setup(center)
    a, b = center.tickets["A"], center.tickets["B"]
    with center.connect_as(center.role_a) as conn:
        assert conn.execute("UPDATE ticket_attachments SET name = 'x' WHERE ticket_id = %s", (b["id"],)).rowcount == 0
        assert conn.execute("DELETE FROM ticket_attachments WHERE ticket_id = %s", (b["id"],)).rowcount == 0
        for sql, args in [
            ("DELETE FROM tickets WHERE id = %s", (b["id"],)),
            ("DELETE FROM ticket_events WHERE ticket_id = %s", (b["id"],)),
            ("UPDATE ticket_events SET reason = 'x' WHERE ticket_id = %s", (b["id"],)),
            ("DELETE FROM audit_log", ()),
            ("UPDATE audit_log SET actor = 'x'", ()),
            ("UPDATE tickets SET state = 'closed' WHERE id = %s", (b["id"],)),
            ("UPDATE tickets SET state = 'closed' WHERE id = %s", (a["id"],)),  # the projection is the center's
            ("UPDATE tickets SET caller_name = 'x' WHERE id = %s", (a["id"],)),
            ("INSERT INTO tickets (id, number, profile, state, category, urgency, channel, content, created_at,"
             " updated_at, view) VALUES ('x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', now(), now(), '{}')", ()),
            ("INSERT INTO ticket_assignments (ticket_id, position, unit_id, role, status, dispatched_at)"
             " VALUES (%s, 9, %s, 'lead', 'dispatched', now())", (b["id"], center.unit_ids["A"])),
            ("INSERT INTO ticket_events (id, ticket_id, kind, actor, actor_unit, at, data, origin, status, reason,"
             " stored_at) VALUES (%s, %s, 'signed', 'x', %s, now(), '{}', %s, 'pending', '', now())",
             (new_id(), b["id"], center.unit_ids["A"], center.role_a)),
            ("INSERT INTO ticket_attachments (id, ticket_id, name, content_type, size, sha256, added_by, added_at)"
             " VALUES (%s, %s, 'x', 'x', 1, '', 'x', now())", (new_id(), b["id"])),
            ("INSERT INTO audit_log (id, at, actor, action, subject_kind, subject_id, detail, origin)"
             " VALUES (%s, now(), 'x', 'view-caller', 'ticket', %s, '{}', %s)", (new_id(), b["id"], center.role_b)),
            ("INSERT INTO changes (change_id, entity, entity_id, payload, origin, applied_at)"
             " VALUES (%s, 'event', 'x', %s, %s, now())",
             (new_id(), psycopg.types.json.Jsonb({"ticket_id": b["id"]}), center.role_a)),
            ("INSERT INTO unit_db_users (role_name, unit_id, created_by, created_at)"
             " VALUES (%s, %s, 'x', now())", (center.role_a, center.unit_ids["B"])),
        ]:
            with pytest.raises(REFUSED):
                conn.execute(sql, args)
    with center.owner() as conn:  # nothing of B's moved
        assert conn.execute("SELECT state FROM tickets WHERE id = %s", (b["id"],)).fetchone()[0] != "closed"
        assert conn.execute("SELECT count(*) FROM ticket_attachments WHERE ticket_id = %s",
                            (b["id"],)).fetchone()[0] == 1


def test_switching_role_does_not_widen_what_a_unit_sees(center):
    _owner_setup(center)
    with center.connect_as(center.role_a) as conn:
        with pytest.raises(REFUSED):
            conn.execute(f"SET ROLE {center.role_b}")
        conn.execute("SET ROLE hotline_unit")  # its group: still the login's unit
        assert [r[0] for r in conn.execute("SELECT id FROM tickets")] == [center.tickets["A"]["id"]]
        conn.execute("SELECT set_config('hotline.unit', %s, false)", (center.unit_ids["B"],))
        assert [r[0] for r in conn.execute("SELECT id FROM tickets")] == [center.tickets["A"]["id"]]


def test_unit_a_does_its_own_work(center):
    a = center.tickets["A"]
    with center.connect_as(center.role_a) as conn:
        assert conn.execute("UPDATE ticket_attachments SET name = name WHERE ticket_id = %s",
                            (a["id"],)).rowcount == 0  # none yet
        conn.execute("INSERT INTO ticket_attachments (id, ticket_id, name, content_type, size, sha256, added_by,"
                     " added_at) VALUES (%s, %s, 'reply.pdf', 'application/pdf', 5, '', 'cgj-li', now())",
                     (new_id(), a["id"]))
        conn.execute("INSERT INTO ticket_events (id, ticket_id, kind, actor, actor_unit, at, data, origin, status,"
                     " reason, stored_at) VALUES (%s, %s, 'signed', 'cgj-li', %s, now(), '{}', %s, 'pending', '',"
                     " now())", (new_id(), a["id"], center.unit_ids["A"], center.role_a))
        assert conn.execute("SELECT count(*) FROM ticket_attachments").fetchone()[0] == 1
        assert conn.execute("UPDATE ticket_attachments SET name = 'reply-v2.pdf' WHERE ticket_id = %s",
                            (a["id"],)).rowcount == 1
        assert conn.execute("SELECT count(*) FROM ticket_events WHERE origin = %s",
                            (center.role_a,)).fetchone()[0] == 1
    # through the product's own unit of work, as the unit's login: an audited look-up, chained
    from storage.uow import UnitOfWork

    engine = create_engine(center.url.replace("postgres@", f"{center.role_a}@", 1))
    with UnitOfWork(engine, origin=center.role_a, role="center") as uow:
        uow.audit.record("cgj-li", "view-caller", "ticket", a["id"], command="unit desk")
        uow.audit.record("cgj-li", "view-caller", "ticket", a["id"], command="unit desk")
        uow.commit()
    engine.dispose()
    owner = create_engine(center.url)
    from sqlalchemy.orm import Session

    with Session(owner) as session:
        checked, problems = verify(session)
        assert problems == [] and checked >= 2
    owner.dispose()


def test_a_dropped_unit_user_sees_nothing_and_cannot_log_in(center, capsys):
    code, _, err = cli(capsys, "unit-user", "drop", center.role_b, "--db", center.url)
    assert code == 0, err
    with pytest.raises(psycopg.OperationalError):
        center.connect_as(center.role_b)


def test_unit_user_cli_refusals(center, capsys, tmp_path):
    code, _, _ = cli(capsys, "unit-user", "create", "--unit", "qc.cgj", "--role", center.role_a, "--out",
                     str(tmp_path / "again.url"), "--db", center.url)
    assert code == 2  # exists
    code, _, _ = cli(capsys, "unit-user", "create", "--unit", "qc.cgj", "--db", center.url)
    assert code == 2  # neither --password-stdin nor --out
    code, _, _ = cli(capsys, "unit-user", "rotate", "hotline_u_nobody", "--out", str(tmp_path / "x"),
                     "--db", center.url)
    assert code == 2
    code, out, err = cli(capsys, "unit-user", "rotate", center.role_a, "--out", str(tmp_path / "r.url"),
                         "--db", center.url)
    assert code == 0, err
    host, port, dbname, role, password = (tmp_path / "r.url").read_text().strip().split(":")
    assert (dbname, role) == (center.dbname, center.role_a) and len(password) >= 24
    assert password not in out + err
    assert (tmp_path / "r.url").stat().st_mode & 0o077 == 0
    with center.owner() as conn:  # the server holds a SCRAM verifier, not the password
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (center.role_a,)).fetchone()[0]
        assert stored.startswith("SCRAM-SHA-256$") and password not in stored
        actions = {r[0] for r in conn.execute("SELECT action FROM audit_log WHERE action LIKE 'unit-db-user-%'")}
        assert {"unit-db-user-create", "unit-db-user-rotate"} <= actions


def test_the_scram_verifier_matches_rfc_7677():
    """RFC 7677's exchange (user, pencil): the server signature made from our ServerKey is the RFC's."""
    import base64
    import hashlib
    import hmac

    from storage.unit_roles import scram_verifier

    verifier = scram_verifier("pencil", base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096)
    assert verifier.startswith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$")
    server_key = base64.b64decode(verifier.rsplit(":", 1)[1])
    nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    auth = f"n=user,r=rOprNGfwEbeRWgbNEkqO,r={nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r={nonce}"
    signature = hmac.new(server_key, auth.encode(), hashlib.sha256).digest()
    assert base64.b64encode(signature).decode() == "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
