"""Accounts at the center (SQLite file and real PostgreSQL): create, verify, refuse, audit, HA1."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from hotline.accounts import AccountError, LoginRefused, Role
from hotline.passwords import sip_ha1, verify_password
from storage.account_tables import UserRow
from storage.accounts import sign_in
from storage.demo import load_units
from storage.tables import AuditRow, ChangeRow
from storage.uow import UnitOfWork

PASSWORD = "Zx-椰子-7781"


def _create(engine, login="zhangsan", password=PASSWORD, role=Role.AGENT, **kw):
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        account = uow.accounts.create(login, password, role, **kw)
        uow.commit()
    return account


def _code(engine, login, password) -> str:
    with pytest.raises(LoginRefused) as err:
        sign_in(engine, login, password, role="center")
    return err.value.code


def test_an_account_is_stored_with_hashes_only_and_signs_in(engine):
    made = _create(engine, "ZhangSan", sip_user="1001", display_name="张三")
    assert made.login == "zhangsan" and made.role is Role.AGENT and made.panes[0] == "phone"
    with engine.connect() as conn:
        row = conn.execute(select(UserRow)).one()
    assert row.password_hash.startswith("scrypt$n=16384,r=8,p=1$") and verify_password(PASSWORD, row.password_hash)
    assert row.sip_ha1 == sip_ha1("1001", PASSWORD) and PASSWORD not in repr(tuple(row))
    account = sign_in(engine, "zhangsan", PASSWORD, role="center")
    assert account == made.__class__(**{**made.__dict__, "updated_at": account.updated_at})
    assert sign_in(engine, " ZHANGSAN ", PASSWORD, role="center").id == made.id


def test_wrong_password_and_unknown_login_get_one_code_and_take_as_long(engine):
    _create(engine)
    assert _code(engine, "zhangsan", "wrong") == LoginRefused.UNKNOWN_OR_WRONG
    assert _code(engine, "nobody", PASSWORD) == LoginRefused.UNKNOWN_OR_WRONG
    assert _code(engine, "", "") == LoginRefused.UNKNOWN_OR_WRONG

    def took(login: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            with pytest.raises(LoginRefused):
                sign_in(engine, login, "wrong", role="center")
            times.append(time.perf_counter() - start)
        return sorted(times)[1]

    known, unknown = took("zhangsan"), took("nobody")
    assert unknown > 0.5 * known  # the unknown login also pays for an scrypt check


def test_a_disabled_account_is_refused_but_only_the_right_password_learns_why(engine):
    _create(engine, sip_user="1001")
    with UnitOfWork(engine, role="center") as uow:
        assert uow.accounts.disable("zhangsan").disabled
        assert uow.accounts.sip_credentials() == {}  # its phone may not register either
        uow.commit()
    assert _code(engine, "zhangsan", PASSWORD) == LoginRefused.DISABLED
    assert _code(engine, "zhangsan", "wrong") == LoginRefused.UNKNOWN_OR_WRONG
    with UnitOfWork(engine, role="center") as uow:
        uow.accounts.enable("zhangsan")
        assert set(uow.accounts.sip_credentials()) == {"1001"}
        uow.commit()
    assert sign_in(engine, "zhangsan", PASSWORD, role="center").login == "zhangsan"


def test_every_sign_in_is_audited_refused_or_not_without_the_password(engine):
    _create(engine)
    sign_in(engine, "zhangsan", PASSWORD, role="center", )
    _code(engine, "zhangsan", "wrong-1")
    _code(engine, "ghost", "wrong-2")
    with engine.connect() as conn:
        rows = conn.execute(select(AuditRow).order_by(AuditRow.at, AuditRow.id)).all()
    assert [(r.actor, r.action, r.subject_kind, r.detail.get("code")) for r in rows] == [
        ("zhangsan", "login", "account", None),
        ("zhangsan", "login-refused", "account", "unknown-or-wrong"),
        ("ghost", "login-refused", "account", "unknown-or-wrong"),
    ]
    assert not any("wrong-" in repr(tuple(r)) or PASSWORD in repr(tuple(r)) for r in rows)


def test_set_password_replaces_hash_and_ha1(engine):
    _create(engine, sip_user="1001")
    with UnitOfWork(engine, role="center") as uow:
        uow.accounts.set_password("zhangsan", "new-pass-2")
        assert uow.accounts.sip_credentials() == {"1001": sip_ha1("1001", "new-pass-2")}
        uow.commit()
    assert _code(engine, "zhangsan", PASSWORD) == LoginRefused.UNKNOWN_OR_WRONG
    assert sign_in(engine, "zhangsan", "new-pass-2", role="center").sip_user == "1001"


def test_the_change_log_carries_the_hash_but_never_the_ha1(engine):
    _create(engine, sip_user="1001")
    with engine.connect() as conn:
        payloads = [r.payload for r in conn.execute(select(ChangeRow).where(ChangeRow.entity == "user"))]
    assert len(payloads) == 1 and payloads[0]["password_hash"].startswith("scrypt$")
    assert "sip_ha1" not in payloads[0] and sip_ha1("1001", PASSWORD) not in repr(payloads)


def test_bad_writes_are_named_errors_and_change_nothing(engine):
    load_units(engine, role="center")
    with UnitOfWork(engine, role="center") as uow:
        unit = uow.units.by_code("qc.cgj")
    _create(engine, sip_user="1001")
    cases = [
        (dict(login="zhangsan"), "login-taken"),
        (dict(login="lisi", sip_user="1001"), "sip-taken"),
        (dict(login="lisi", role="boss"), "bad-role"),
        (dict(login="lisi", role=Role.UNIT_HANDLER), "unit-required"),
        (dict(login="lisi", unit_id="00000000-0000-0000-0000-000000000000"), "unknown-unit"),
        (dict(login="lisi", password=" "), "empty-password"),
        (dict(login="li si"), "bad-login"),
    ]
    for kw, code in cases:
        with pytest.raises(AccountError) as err:
            _create(engine, **kw)
        assert err.value.code == code, kw
    handler = _create(engine, "cgj", role=Role.UNIT_HANDLER, unit_id=unit.id)
    assert handler.unit_id == unit.id and handler.panes == ("unit_tickets", "knowledge")
    with UnitOfWork(engine, role="center") as uow:
        assert [a.login for a in uow.accounts.all()] == ["cgj", "zhangsan"]
        with pytest.raises(AccountError) as err:
            uow.accounts.set_password("nobody", "x")
        assert err.value.code == "unknown-login"


def test_a_desk_cannot_write_accounts(engine):
    with UnitOfWork(engine, role="desk") as uow:
        with pytest.raises(AccountError) as err:
            uow.accounts.create("zhangsan", PASSWORD, Role.AGENT)
        assert err.value.code == "center-only"


def test_0005_adds_the_users_table_and_goes_down_again(db_url):
    from alembic import command
    from sqlalchemy import inspect

    from storage.db import alembic_config, engine_for, head_revision, table_names, upgrade

    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert {"id", "login", "display_name", "role", "unit_id", "sip_user", "password_hash", "sip_ha1",
                "disabled", "created_at", "updated_at"} <= columns
        unique = {tuple(u["column_names"]) for u in inspect(engine).get_unique_constraints("users")}
        assert {("login",), ("sip_user",)} <= unique
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0003")
        assert "users" not in table_names(engine) and "calls" in table_names(engine)
        assert upgrade(engine) == head_revision() and "users" in table_names(engine)
    finally:
        engine.dispose()
