"""Accounts reach desks as hashes only; a desk signs in offline; desks can never send accounts.

The center runs on a SQLite file and on the real PostgreSQL (db_url); desks are SQLite files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, select

from hotline.accounts import LoginRefused, Role
from hotline.ids import new_id
from hotline.passwords import sip_ha1
from hotline.timezone import now
from storage.account_tables import UserRow
from storage.accounts import sign_in
from storage.changelog import ENTITIES
from storage.sync import SyncError, pull, push
from storage.sync_appliers import APPLIERS
from storage.tables import AuditRow, OutboxRow
from storage.uow import UnitOfWork
from tests.storage.sync_helpers import central, count, desk

PASSWORD = "Desk-Offline-密码-42"


@pytest.fixture
def center(db_url):
    eng = central(db_url)
    yield eng
    eng.dispose()


def _accounts(center) -> None:
    with UnitOfWork(center, origin="admin", role="center") as uow:
        uow.accounts.create("zhangsan", PASSWORD, Role.AGENT, sip_user="1001", display_name="张三")
        uow.accounts.create("wanglead", "lead-" + PASSWORD, Role.TEAM_LEAD, sip_user="1090")
        uow.commit()


def _bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # the file, its WAL and shm


def test_a_desk_signs_in_offline_from_pulled_hashes_and_holds_no_secret_in_plain(tmp_path, center):
    _accounts(center)
    a = desk(tmp_path, "a")
    assert pull(a, center) == 2
    center.dispose()  # the link is gone: everything below is the desk alone
    account = sign_in(a, "zhangsan", PASSWORD, origin="desk-a")
    assert account.role is Role.AGENT and account.sip_user == "1001" and account.display_name == "张三"
    with pytest.raises(LoginRefused) as err:
        sign_in(a, "zhangsan", "wrong", origin="desk-a")
    assert err.value.code == LoginRefused.UNKNOWN_OR_WRONG
    with a.connect() as conn:
        assert conn.scalars(select(UserRow.sip_ha1)).all() == [None, None]  # no HA1 on a desk
    assert count(a, AuditRow) == 2 and count(a, OutboxRow) == 2  # both sign-ins go up with the next push
    a.dispose()
    raw = _bytes(tmp_path / "a.sqlite3")
    assert b"scrypt$n=16384" in raw  # the hashes are there...
    for secret in (PASSWORD, "lead-" + PASSWORD, sip_ha1("1001", PASSWORD), sip_ha1("1090", "lead-" + PASSWORD)):
        assert secret.encode() not in raw  # ...and nothing that signs in or registers without the password


def test_changes_at_the_center_follow_to_the_desk(tmp_path, center):
    _accounts(center)
    a = desk(tmp_path, "a")
    pull(a, center)
    with UnitOfWork(center, role="center") as uow:
        uow.accounts.set_password("zhangsan", "second-pass")
        uow.accounts.disable("wanglead")
        uow.commit()
    assert pull(a, center) == 2
    assert sign_in(a, "zhangsan", "second-pass").login == "zhangsan"
    for login, password, code in (("zhangsan", PASSWORD, LoginRefused.UNKNOWN_OR_WRONG),
                                  ("wanglead", "lead-" + PASSWORD, LoginRefused.DISABLED)):
        with pytest.raises(LoginRefused) as err:
            sign_in(a, login, password)
        assert err.value.code == code
    assert push(a, center) == count(a, AuditRow)  # the desk's sign-in audit reaches the center
    with center.connect() as conn:
        actions = conn.scalars(select(AuditRow.action).where(AuditRow.actor == "wanglead")).all()
    assert actions == ["login-refused"]
    a.dispose()


def test_a_desk_copy_seeded_locally_gives_way_to_the_centers_account(tmp_path, center):
    _accounts(center)
    a = desk(tmp_path, "a")
    with UnitOfWork(a, role="desk") as uow:  # a demo desk's own copy (no recorder: not synced)
        from storage.accounts import AccountRepository

        AccountRepository(uow.session, None).create("zhangsan", "local", Role.AGENT, sip_user="1001")
        uow.commit()
    pull(a, center)
    assert sign_in(a, "zhangsan", PASSWORD).login == "zhangsan" and count(a, UserRow) == 2
    a.dispose()


def test_a_user_change_a_desk_tries_to_push_is_refused_whole(tmp_path, center):
    a = desk(tmp_path, "a")
    with UnitOfWork(a, role="desk") as uow:
        with pytest.raises(ValueError, match="center only"):
            uow.recorder.record("user", new_id(), {})
    forged = {"id": new_id(), "login": "intruder", "display_name": "", "role": "center-admin", "unit_id": None,
              "sip_user": None, "password_hash": "scrypt$n=2,r=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43,
              "disabled": False, "created_at": now().isoformat(), "updated_at": now().isoformat()}
    with a.begin() as conn:  # a tampered outbox
        conn.execute(insert(OutboxRow.__table__), [{"change_id": new_id(), "entity": "user", "entity_id": forged["id"],
                                                    "payload": forged, "created_at": now()}])
    with pytest.raises(SyncError, match="center only"):
        push(a, center)
    assert count(center, UserRow) == 0 and count(a, OutboxRow) == 1
    a.dispose()


def test_every_entity_that_travels_has_an_applier():
    assert set(APPLIERS) == set(ENTITIES)
    assert [e for e, r in APPLIERS.items() if not r.from_desks] == ["user", "caller_flag"]
