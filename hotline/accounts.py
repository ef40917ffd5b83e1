"""Accounts: who signs in at a desk, in which role, and which panes the desk shows them.

Pure domain (no SQLAlchemy): the role vocabulary with its Chinese labels, the panes each role gets
(``PANES``, a plain mapping the desk reads), the ``Account`` a sign-in returns, and the named
refusals. Accounts are made at the center and reach desks by sync as hashes only
(storage.accounts); passwords themselves are never stored anywhere (hotline.passwords).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from hotline.enums import _Labelled


class Role(_Labelled):
    """角色: what a person does at the hotline; ``Role.parse`` takes the value or the Chinese label."""

    AGENT = ("agent", "话务员")
    SPECIALIST = ("specialist", "专家坐席", "expert")
    TEAM_LEAD = ("team-lead", "班长", "lead", "team_lead")
    SUPERVISOR = ("supervisor", "质检/管理", "质检", "qa")
    UNIT_HANDLER = ("unit-handler", "承办单位", "unit", "unit_handler")
    CENTER_ADMIN = ("center-admin", "中心管理员", "admin", "center_admin")


#: every pane the desk has; a role's panes are a subset, in the order the desk lays them out
ALL_PANES: tuple[str, ...] = (
    "phone", "screen_pop", "specialist_pop", "ticket", "knowledge", "lists", "board", "recordings",
    "unit_tickets", "reports", "accounts",
)

_AGENT = ("phone", "screen_pop", "ticket", "knowledge", "lists")
PANES: MappingProxyType[Role, tuple[str, ...]] = MappingProxyType({
    Role.AGENT: _AGENT,
    Role.SPECIALIST: ("phone", "specialist_pop", "knowledge"),
    Role.TEAM_LEAD: (*_AGENT, "board"),
    Role.SUPERVISOR: ("board", "recordings", "reports"),
    Role.UNIT_HANDLER: ("unit_tickets", "knowledge"),
    Role.CENTER_ADMIN: ALL_PANES,
})

#: roles whose account belongs to a unit (the unit handler's unit); others may name one (a team)
NEEDS_UNIT = frozenset({Role.UNIT_HANDLER})

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
SIP_USER = re.compile(r"^[0-9]{3,8}$")


class AccountError(Exception):
    """An account cannot be written as asked; ``code`` names why (tests and callers match on it).

    Codes: bad-login, bad-role, bad-sip, bad-name, empty-password, login-taken, sip-taken,
    unknown-login, unknown-unit, unit-required, center-only.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class LoginRefused(Exception):
    """A sign-in refused. ``code`` is ``unknown-or-wrong`` (no such login, or the wrong password:
    one answer for both) or ``disabled`` (given only after the right password)."""

    UNKNOWN_OR_WRONG = "unknown-or-wrong"
    DISABLED = "disabled"

    def __init__(self, code: str) -> None:
        message = {self.UNKNOWN_OR_WRONG: "用户名或密码错误 (unknown login or wrong password)",
                   self.DISABLED: "账号已停用 (account disabled)"}.get(code, code)
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Account:
    """A person who may sign in: never carries a password or a hash."""

    id: str
    login: str
    display_name: str
    role: Role
    unit_id: str | None
    sip_user: str | None
    disabled: bool
    created_at: datetime
    updated_at: datetime

    @property
    def panes(self) -> tuple[str, ...]:
        """The panes the desk shows this account."""
        return PANES[self.role]

    @property
    def role_label(self) -> str:
        """The role's Chinese label."""
        return self.role.label


def check_login(login: str) -> str:
    """The login as stored (lower case), or AccountError bad-login."""
    text = (login or "").strip().lower()
    if not LOGIN.match(text):
        raise AccountError("bad-login", f"登录名无效 (bad login {login!r}: letters, digits, . _ -; at most 40)")
    return text


def check_sip_user(sip_user: str | None) -> str | None:
    """The extension (3–8 digits) or None, or AccountError bad-sip."""
    if sip_user is None or sip_user == "":
        return None
    if not SIP_USER.fullmatch(sip_user):
        raise AccountError("bad-sip", f"分机号无效 (bad extension {sip_user!r}: 3 to 8 digits)")
    return sip_user


def check_password(password: str) -> str:
    """The password unchanged, or AccountError empty-password (blank or only spaces)."""
    if not password or not password.strip():
        raise AccountError("empty-password", "密码不能为空 (empty password)")
    return password


def parse_role(text: str) -> Role:
    """The role named by its value or Chinese label, or AccountError bad-role listing them."""
    try:
        return Role.parse(text)  # type: ignore[return-value]
    except ValueError:
        choices = ", ".join(f"{r.value}/{r.label}" for r in Role)
        raise AccountError("bad-role", f"未知角色 (unknown role {text!r}; expected one of: {choices})") from None
