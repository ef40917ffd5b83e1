"""The demo center's accounts (fictional 青川市): who signs in, with which made-up password.

| login | role | extension | password |
|---|---|---|---|
| 1001 … 1007 | agent 话务员 | 1001 … 1007 | demo-1001 … demo-1007 |
| 1008 | team-lead 班长 (the plan's team-lead seat, takes calls too) | 1008 | demo-1008 |
| 2101 | specialist 专家坐席 (青川市人社局's 社保政策专家坐席, sip:2101 in units.json) | 2101 | demo-2101 |
| duty | team-lead 班长 (the duty seat emergencies overflow to) | 1099 | demo-duty-1099 |
| zhijian | supervisor 质检/管理 | – | demo-zhijian |
| cgj | unit-handler 承办单位 (青川市城市管理局, qc.cgj) | – | demo-cgj |
| admin | center-admin 中心管理员 | – | demo-admin |

The extensions' passwords are those of resources/center/demo-users.toml, so the demo center runs the
same from either. Ids are derived from the login, so every machine that seeds the demo agrees.
Seeding on the center (``role="center"``) records each account for the desks' next pull; on a desk
(the one-machine demo) they are stored locally and not synced. An account already there is left as it is.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Engine

from hotline.accounts import Role
from storage.accounts import AccountRepository
from storage.changelog import Role as SyncRole
from storage.uow import UnitOfWork

_NS = uuid.UUID("5f0c2a55-1234-5e45-9a12-123451234512")

#: login, role, extension, password, display name, unit code (the center's own unit ``qc`` is the seats'
#: group: its team leads may set them busy and monitor them, its supervisor reviews their recordings)
DEMO_ACCOUNTS: tuple[tuple[str, Role, str | None, str, str, str | None], ...] = (
    *((f"100{i}", Role.AGENT, f"100{i}", f"demo-100{i}", f"话务员{i:02d}", "qc") for i in range(1, 8)),
    ("1008", Role.TEAM_LEAD, "1008", "demo-1008", "班长（1008座席）", "qc"),
    ("2101", Role.SPECIALIST, "2101", "demo-2101", "社保政策专家", "qc.rsj"),
    ("duty", Role.TEAM_LEAD, "1099", "demo-duty-1099", "值班长", "qc"),
    ("zhijian", Role.SUPERVISOR, None, "demo-zhijian", "质检员", "qc"),
    ("cgj", Role.UNIT_HANDLER, None, "demo-cgj", "城市管理局承办人", "qc.cgj"),
    ("admin", Role.CENTER_ADMIN, None, "demo-admin", "中心管理员", None),
)


def demo_account_id(login: str) -> str:
    """The id every machine gives this demo login."""
    return str(uuid.uuid5(_NS, f"hotline-demo-account:{login}"))


def load_accounts(engine: Engine, *, role: SyncRole = "desk", origin: str = "demo") -> int:
    """Store the demo accounts not stored yet; returns how many were written. Units must be loaded."""
    written = 0
    with UnitOfWork(engine, origin=origin, role=role) as uow:
        accounts = uow.accounts if role == "center" else AccountRepository(uow.session, None)
        for login, account_role, sip, password, name, unit_code in DEMO_ACCOUNTS:
            if accounts.find(login) is not None:
                continue
            unit_id = uow.units.by_code(unit_code).id if unit_code else None
            accounts.create(login, password, account_role, display_name=name, unit_id=unit_id, sip_user=sip,
                            account_id=demo_account_id(login))
            written += 1
        uow.commit()
    return written
