"""Accounts in the database: create them at the center, verify a sign-in anywhere (offline on a desk).

    with UnitOfWork(central, role="center", origin="admin") as uow:
        uow.accounts.create("zhangsan", password, Role.AGENT, sip_user="1001", display_name="张三")
        uow.commit()
    account = sign_in(desk_engine, "zhangsan", typed)       # LoginRefused(code) otherwise

Accounts are written at the center only (a desk's recorder refuses them: AccountError
``center-only``); each write goes to the change log as a ``user`` change carrying the scrypt hash
but never the SIP HA1, so a desk can verify a password offline and nothing it holds lets anyone
register a phone. ``verify`` answers an unknown login and a wrong password alike (code
``unknown-or-wrong``, a dummy hash checked for the unknown one so both take as long) and says
``disabled`` only after the right password. Every sign-in, refused or not, is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, delete, or_, select
from sqlalchemy.orm import Session

from hotline.accounts import (
    NEEDS_UNIT,
    Account,
    AccountError,
    LoginRefused,
    Role,
    check_login,
    check_password,
    check_sip_user,
    parse_role,
)
from hotline.ids import new_id
from hotline.passwords import dummy_verify, hash_password, sip_ha1, verify_password
from hotline.timezone import now, parse_iso
from storage.account_tables import UserRow
from storage.audit import AuditRepository
from storage.changelog import ChangeRecorder
from storage.changelog import Role as SyncRole
from storage.tables import UnitRow
from storage.upsert import put_row


class AccountRepository:
    """Reads and writes accounts; writes are recorded for sync (center only), sign-ins audited."""

    def __init__(self, session: Session, recorder: ChangeRecorder | None,
                 audit: AuditRepository | None = None) -> None:
        self.session, self.recorder, self.audit = session, recorder, audit

    # -- writes (the center) ------------------------------------------------------------------------
    def create(self, login: str, password: str, role: Role | str, *, display_name: str = "",
               unit_id: str | None = None, sip_user: str | None = None, account_id: str | None = None) -> Account:
        """A new account; AccountError (login-taken, sip-taken, unknown-unit, unit-required, ...)."""
        self._center_only()
        login, sip_user = check_login(login), check_sip_user(sip_user)
        role = role if isinstance(role, Role) else parse_role(role)
        check_password(password)
        if len(display_name) > 80:
            raise AccountError("bad-name", "姓名过长 (display name longer than 80)")
        if role in NEEDS_UNIT and not unit_id:
            raise AccountError("unit-required", f"{role.label}账号须指定单位 (a {role.value} needs --unit)")
        if unit_id and self.session.get(UnitRow, unit_id) is None:
            raise AccountError("unknown-unit", f"单位不存在 (unknown unit {unit_id})")
        if self._row(login) is not None:
            raise AccountError("login-taken", f"登录名已存在 (login {login!r} is taken)")
        self._sip_free(sip_user, None)
        moment = now()
        row = UserRow(id=account_id or new_id(), login=login, display_name=display_name, role=role.value,
                      unit_id=unit_id, sip_user=sip_user, password_hash=hash_password(password),
                      sip_ha1=sip_ha1(sip_user, password) if sip_user else None, disabled=False,
                      created_at=moment, updated_at=moment)
        self.session.add(row)
        return self._written(row)

    def set_password(self, login: str, password: str) -> Account:
        """Replace the password (and the SIP HA1 made from it)."""
        self._center_only()
        check_password(password)
        row = self._existing(login)
        row.password_hash = hash_password(password)
        row.sip_ha1 = sip_ha1(row.sip_user, password) if row.sip_user else None
        return self._written(row)

    def disable(self, login: str) -> Account:
        """Refuse this account's sign-ins and SIP registrations from now on."""
        return self._set_disabled(login, True)

    def enable(self, login: str) -> Account:
        """Accept this account again."""
        return self._set_disabled(login, False)

    # -- reads --------------------------------------------------------------------------------------
    def find(self, login: str) -> Account | None:
        """The account with this login, or None."""
        row = self._row((login or "").strip().lower())
        return _account(row) if row is not None else None

    def all(self) -> list[Account]:
        """Every account, by login."""
        return [_account(r) for r in self.session.scalars(select(UserRow).order_by(UserRow.login))]

    def sip_credentials(self) -> dict[str, str]:
        """Extension -> HA1 of every enabled account with a phone (what the center's Kamailio loads)."""
        stmt = select(UserRow.sip_user, UserRow.sip_ha1).where(
            UserRow.disabled.is_(False), UserRow.sip_user.is_not(None), UserRow.sip_ha1.is_not(None))
        return {str(user): str(ha1) for user, ha1 in self.session.execute(stmt.order_by(UserRow.sip_user))}

    def verify(self, login: str, password: str) -> Account:
        """The account if ``password`` is right and it is enabled; LoginRefused (code) otherwise. Audited."""
        typed = (login or "").strip().lower()[:80]
        row = self._row(typed) if typed else None
        if row is None:
            dummy_verify(password or "")
            self._audit(typed, False, LoginRefused.UNKNOWN_OR_WRONG, None)
            raise LoginRefused(LoginRefused.UNKNOWN_OR_WRONG)
        if not verify_password(password or "", row.password_hash):
            self._audit(typed, False, LoginRefused.UNKNOWN_OR_WRONG, row.id)
            raise LoginRefused(LoginRefused.UNKNOWN_OR_WRONG)
        if row.disabled:
            self._audit(typed, False, LoginRefused.DISABLED, row.id)
            raise LoginRefused(LoginRefused.DISABLED)
        self._audit(typed, True, "", row.id)
        return _account(row)

    # -- sync ---------------------------------------------------------------------------------------
    def apply_remote(self, payload: dict[str, Any]) -> None:
        """Store an account that came from the center, as it is; the center's row replaces any local
        one with the same login or extension. A desk never holds an HA1."""
        values = {k: payload[k] for k in ("login", "display_name", "role", "unit_id", "sip_user",
                                          "password_hash", "disabled")}
        values.update(created_at=parse_iso(payload["created_at"]), updated_at=parse_iso(payload["updated_at"]),
                      sip_ha1=None)
        clash = [UserRow.login == values["login"]]
        if values["sip_user"]:
            clash.append(UserRow.sip_user == values["sip_user"])
        self.session.execute(delete(UserRow).where(UserRow.id != payload["id"], or_(*clash)))
        put_row(self.session, UserRow, payload["id"], values)

    # -- helpers ------------------------------------------------------------------------------------
    def _center_only(self) -> None:
        if self.recorder is not None and self.recorder.role == "desk":
            raise AccountError("center-only", "账号只能在中心维护 (accounts are managed at the center)")

    def _row(self, login: str) -> UserRow | None:
        return self.session.scalars(select(UserRow).where(UserRow.login == login)).one_or_none()

    def _existing(self, login: str) -> UserRow:
        row = self._row((login or "").strip().lower())
        if row is None:
            raise AccountError("unknown-login", f"没有此账号 (no account {login!r})")
        return row

    def _sip_free(self, sip_user: str | None, account_id: str | None) -> None:
        if sip_user is None:
            return
        other = self.session.scalars(select(UserRow.id).where(UserRow.sip_user == sip_user)).first()
        if other is not None and other != account_id:
            raise AccountError("sip-taken", f"分机号已被使用 (extension {sip_user} is taken)")

    def _set_disabled(self, login: str, disabled: bool) -> Account:
        self._center_only()
        row = self._existing(login)
        row.disabled = disabled
        return self._written(row)

    def _written(self, row: UserRow) -> Account:
        row.updated_at = max(now(), row.created_at)
        self.session.flush()
        if self.recorder is not None:
            self.recorder.record("user", row.id, _payload(row))
        return _account(row)

    def _audit(self, login: str, ok: bool, code: str, account_id: str | None) -> None:
        if self.audit is not None:
            detail = {"code": code} if code else {}
            self.audit.record(login or "-", "login" if ok else "login-refused", "account", account_id or login or "-",
                              **detail)


def sign_in(engine: Engine, login: str, password: str, *, origin: str = "", role: SyncRole = "desk") -> Account:
    """Verify a sign-in in its own unit of work and commit its audit entry, refused or not."""
    from storage.uow import UnitOfWork

    with UnitOfWork(engine, origin=origin, role=role) as uow:
        try:
            account = uow.accounts.verify(login, password)
        except LoginRefused:
            uow.commit()
            raise
        uow.commit()
        return account


def _payload(row: UserRow) -> dict[str, Any]:
    """What travels to desks: everything but the SIP HA1."""
    return {"id": row.id, "login": row.login, "display_name": row.display_name, "role": row.role,
            "unit_id": row.unit_id, "sip_user": row.sip_user, "password_hash": row.password_hash,
            "disabled": bool(row.disabled), "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat()}


def _account(row: UserRow) -> Account:
    return Account(id=row.id, login=row.login, display_name=row.display_name, role=Role(row.role),
                   unit_id=row.unit_id, sip_user=row.sip_user, disabled=bool(row.disabled),
                   created_at=row.created_at, updated_at=row.updated_at)
