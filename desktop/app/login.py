"""Signing in at the desk: the synced account checked offline, the role deciding the panes.

``check(local_url, login, password)`` returns ``(DeskUser, None)`` or ``(None, message)``; the
message is the refusal's Chinese text (unknown login and wrong password get the same words). Every
attempt is audited in the working copy (storage.accounts.sign_in), and syncs to the center.
"""

from __future__ import annotations

from typing import Any

from desktop.app.root import DeskUser
from desktop.ui.tr import tr


def check(local_url: str, login: str, password: str) -> tuple[DeskUser | None, str | None]:
    from hotline.accounts import LoginRefused
    from storage.accounts import sign_in
    from storage.db import engine_for

    engine = engine_for(local_url)
    try:
        account = sign_in(engine, login.strip(), password, origin=f"desk-{login.strip()}")
    except LoginRefused as exc:
        return None, str(exc)
    finally:
        engine.dispose()
    panes = set(account.panes)
    if not ({"phone", "ticket"} <= panes or panes & {"specialist_pop", "recordings", "board"}):
        label = getattr(account.role, "label", str(account.role))
        return None, tr("坐席工作台暂无「{0}」角色的视图，请使用 hotline 命令行 (the desk has no view for the role {1} yet)",
                        label, account.role.value)
    if not account.sip_user and "phone" in account.panes:
        return None, tr("该账号没有分机号，无法签入话务 (the account has no extension)")
    return desk_user(account), None


def desk_user(account: Any) -> DeskUser:
    role = account.role
    return DeskUser(account.login, account.display_name or account.login, str(role.value), account.sip_user or "",
                    getattr(role, "label", str(role.value)), tuple(account.panes), account.unit_id)
