"""Where ``hotline center run`` takes the SIP credentials from: the accounts table, or a demo TOML.

``--users db`` loads every enabled account's extension and HA1 (storage.accounts: the HA1 was made
when the password was set; no password exists to load). ``--users FILE`` reads a TOML of plain demo
passwords (``[users]`` user = "password", resources/center/demo-users.toml), which the center's
Kamailio turns into HA1 before writing anything. Without ``--users`` the database is used when it
holds SIP accounts (``hotline db seed-demo`` or ``hotline user add --sip`` made some), otherwise the
demo TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError

FROM_DB = "db"


@dataclass(frozen=True)
class Credentials:
    """What the center's Kamailio gets: plain demo passwords or HA1s, and where they came from."""

    source: str  # "db" or the TOML's path
    users: dict[str, str] = field(default_factory=dict)  # user -> plain password (demo TOML only)
    ha1: dict[str, str] = field(default_factory=dict)  # user -> HA1 (accounts)

    def describe(self) -> str:
        """One line for the start-up output, in Chinese."""
        if self.source == FROM_DB:
            return f"分机账号：数据库 users 表（{len(self.ha1)} 个）"
        return f"分机账号：演示文件 {self.source}（{len(self.users)} 个）"


def toml_users(path: str | None) -> dict[str, str]:
    """The ``[users]`` table of a credentials TOML (default: the demo's); CommandError when unusable."""
    import tomllib

    source = Path(path) if path else demo_path()
    try:
        doc = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{source}: cannot read credentials ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CommandError(f"{source}: not valid TOML ({exc})") from None
    users = doc.get("users")
    if not isinstance(users, dict) or not all(isinstance(v, str) and v for v in users.values()):
        raise CommandError(f"{source}: expected a [users] table of user = \"password\"")
    return {str(k): v for k, v in users.items()}


def demo_path() -> Path:
    """resources/center/demo-users.toml (follows HOTLINE_RESOURCES)."""
    from hotline.paths import resources_dir

    return resources_dir() / "center" / "demo-users.toml"


def check_option(value: str | None) -> dict[str, str] | None:
    """Before anything starts: a TOML given by path is read and checked now (None for db or default)."""
    if value and value != FROM_DB:
        return toml_users(value)
    return None


def credentials(value: str | None, engine: Any, checked: dict[str, str] | None) -> Credentials:
    """The credentials ``--users`` asks for (see the module doc); ``engine`` is the upgraded center DB."""
    if value and value != FROM_DB:
        return Credentials(value, users=dict(checked or toml_users(value)))
    from sqlalchemy.orm import Session

    from storage.accounts import AccountRepository

    with Session(engine) as session:
        ha1 = AccountRepository(session, None).sip_credentials()
    if ha1:
        return Credentials(FROM_DB, ha1=ha1)
    if value == FROM_DB:
        raise CommandError("数据库中没有可注册的分机账号 (no enabled account with an extension in the database): "
                           "hotline user add LOGIN --role agent --sip 1001")
    return Credentials(str(demo_path()), users=toml_users(None))
