"""Per-unit PostgreSQL login roles: create, rotate the password, drop, list (``hotline unit-user``).

Each unit gets its own login role (default ``hotline_u_<unit code>``), a member of the group role
``hotline_unit`` whose privileges and row-level security policies (storage.unit_policies) confine
it to that unit's tickets; ``unit_db_users`` maps the role to the unit. The password is sent to the
server as a SCRAM-SHA-256 verifier made here, so the plain password appears in no SQL text, server
log or ``pg_stat_activity``. Every change is audited. PostgreSQL only: a SQLite working copy has
no users.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from hotline.timezone import now
from storage.guard_tables import UnitDbUserRow
from storage.unit_policies import GROUP

SCRAM_ITERATIONS = 4096


class UnitRoleError(Exception):
    """A unit database user cannot be made or changed: says why (``code`` for tests)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class UnitDbUser:
    """A unit's login role."""

    role_name: str
    unit_id: str
    unit_code: str


def default_role_name(unit_code: str) -> str:
    """``qc.cgj`` → ``hotline_u_qc_cgj`` (lower case, letters, digits and ``_``, at most 63 bytes)."""
    return ("hotline_u_" + re.sub(r"[^a-z0-9_]", "_", unit_code.lower()))[:63]


def new_password() -> str:
    """A random password (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """The ``SCRAM-SHA-256$…`` verifier PostgreSQL stores for ``password`` (RFC 5802/7677)."""
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = base64.b64encode
    return f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}${b64(stored_key).decode()}:{b64(server_key).decode()}"


def _literal(password: str) -> str:
    """The SCRAM verifier as an SQL literal (utility statements take no bind parameters)."""
    if not password:
        raise UnitRoleError("an empty password", "empty-password")
    verifier = scram_verifier(password)
    assert re.fullmatch(r"[A-Za-z0-9$:+/=\-]+", verifier)
    return f"'{verifier}'"


def _check_pg(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        raise UnitRoleError("unit database users exist on the central PostgreSQL only", "not-postgresql")


def _check_name(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise UnitRoleError(f"role name {name!r}: lower-case letters, digits and _ only", "bad-name")
    return name


def create(session: Session, unit_id: str, unit_code: str, password: str, *, actor: str,
           role_name: str | None = None) -> UnitDbUser:
    """Create the unit's login role with ``password`` and map it; refuses a role that exists."""
    _check_pg(session)
    name = _check_name(role_name or default_role_name(unit_code))
    if session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}):
        raise UnitRoleError(f"the database role {name} exists already (rotate its password instead)", "exists")
    session.connection().exec_driver_sql(f"CREATE ROLE {name} LOGIN NOCREATEDB NOCREATEROLE PASSWORD {_literal(password)}")
    session.execute(text(f"GRANT {GROUP} TO {name}"))
    session.add(UnitDbUserRow(role_name=name, unit_id=unit_id, created_by=actor, created_at=now(), rotated_at=None))
    return UnitDbUser(name, unit_id, unit_code)


def rotate(session: Session, role_name: str, password: str) -> None:
    """Give the role a new password (the old one stops working at once)."""
    _check_pg(session)
    row = session.get(UnitDbUserRow, _check_name(role_name))
    if row is None:
        raise UnitRoleError(f"{role_name} is not a unit database user", "unknown")
    session.connection().exec_driver_sql(f"ALTER ROLE {role_name} PASSWORD {_literal(password)}")
    row.rotated_at = now()


def drop(session: Session, role_name: str) -> bool:
    """Unmap the role and take its login away; drop it when it owns nothing (True), else keep it NOLOGIN."""
    _check_pg(session)
    if session.get(UnitDbUserRow, _check_name(role_name)) is None:
        raise UnitRoleError(f"{role_name} is not a unit database user", "unknown")
    session.execute(delete(UnitDbUserRow).where(UnitDbUserRow.role_name == role_name))
    session.execute(text(f"REVOKE {GROUP} FROM {role_name}"))
    session.execute(text(f"ALTER ROLE {role_name} NOLOGIN"))
    with session.begin_nested():
        try:
            session.execute(text(f"DROP ROLE {role_name}"))
        except Exception:
            return False
    return True


def all_users(session: Session) -> list[tuple[str, str, str]]:
    """(role, unit id, last set) of every unit database user."""
    rows = session.scalars(select(UnitDbUserRow).order_by(UnitDbUserRow.role_name))
    return [(r.role_name, r.unit_id, (r.rotated_at or r.created_at).isoformat()) for r in rows]
