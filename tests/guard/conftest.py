"""A center on the real PostgreSQL with two units' tickets and a database login per unit (made by the CLI)."""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from desktop.cli.main import main
from tests.conftest import PG_ADMIN_URL, fresh_pg_database

UNIT_A, UNIT_B = "qc.cgj", "qc.rsj"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the hotline CLI in-process; (exit status, stdout, stderr)."""
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@dataclass
class Center:
    url: str  # SQLAlchemy URL, as the owner
    dbname: str
    role_a: str
    role_b: str
    tickets: dict[str, dict]  # "A"/"B" -> {"id", "number"}
    unit_ids: dict[str, str]

    def connect_as(self, role: str) -> psycopg.Connection:
        """A raw psycopg connection as a unit's login (trust auth on the test server)."""
        base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgres@", f"{role}@", 1)
        return psycopg.connect(f"{base}/{self.dbname}", autocommit=True, connect_timeout=10)

    def owner(self) -> psycopg.Connection:
        """A raw connection as the schema owner (the center)."""
        return psycopg.connect(self.url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True)


def quiet(*argv: str) -> tuple[int, str]:
    """Run the hotline CLI in-process outside a test (no capsys): (exit status, stdout)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(list(argv))
    return code, buf.getvalue()


def _ticket(url: str, unit: str, phone: str, name: str, address: str, category: str) -> dict:
    code, out = quiet("ticket", "create", "--db", url, "--profile", "ordos", "--category", category,
                      "--content", f"测试诉求 {unit}", "--phone", phone, "--name", name, "--address", address, "--json")
    assert code == 0
    made = json.loads(out)
    assert quiet("ticket", "dispatch", made["number"], "--unit", unit, "--db", url)[0] == 0
    return {"id": made["id"], "number": made["number"]}


@pytest.fixture(scope="session")
def center_template() -> Iterator[tuple[str, dict[str, dict]]]:
    """The seeded center with one ticket for each unit, made once; tests copy it (CREATE DATABASE … TEMPLATE)."""
    with fresh_pg_database("hotline_guard_tmpl") as url:
        assert quiet("db", "seed-demo", "--db", url)[0] == 0
        tickets = {
            "A": _ticket(url, UNIT_A, "13800005678", "张三丰", "青川市城关镇幸福路12号", "投诉"),
            "B": _ticket(url, UNIT_B, "13900001111", "李四", "青川市河西区工业园3栋", "举报"),
        }
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:  # a template takes no connections
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        yield name, tickets


@pytest.fixture
def center(capsys, tmp_path, center_template) -> Iterator[Center]:
    template, tickets = center_template
    suffix = uuid.uuid4().hex[:8]
    roles = {"A": f"hotline_u_a_{suffix}", "B": f"hotline_u_b_{suffix}"}
    name = f"hotline_guard_{suffix}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"
    try:
        for key, unit in (("A", UNIT_A), ("B", UNIT_B)):
            code, out, err = cli(capsys, "unit-user", "create", "--unit", unit, "--role", roles[key], "--out",
                                 str(tmp_path / f"{key}.url"), "--db", url, "--json")
            assert code == 0, err
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1)) as conn:
            unit_ids = dict(conn.execute("SELECT code, id FROM units WHERE code IN (%s, %s)", (UNIT_A, UNIT_B)))
        yield Center(url, name, roles["A"], roles["B"], tickets, {"A": unit_ids[UNIT_A], "B": unit_ids[UNIT_B]})
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for role in roles.values():
                admin.execute(f"DROP ROLE IF EXISTS {role}")
