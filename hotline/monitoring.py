"""Listen, whisper, barge (监听/耳语/强插): the modes, the center's settings, and who may monitor whom.

Pure domain (no SQL, no SIP). The center's settings are a small TOML document (``[monitor]`` and
``[recordings]``, see :data:`DEFAULTS`); :func:`parse_settings` checks every value and refuses a bad
one with :class:`SettingsError` and a code. :func:`monitor_pairs` turns accounts and settings into
the "lead:agent" pairs the center's Kamailio lets send a monitoring request.

Who may monitor whom (``monitor.scope``):
- ``group`` (default): a team lead or supervisor may monitor the agents of their own group (the
  account's ``unit_id``, which for agents and leads names their team); nobody else.
- ``center``: supervisors may monitor every agent; team leads still only their group.
``monitor.roles`` narrows which of the two roles may monitor at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hotline.accounts import Account, Role

MODES: tuple[str, ...] = ("listen", "whisper", "barge")
MODE_LABELS: Mapping[str, str] = {"listen": "监听", "whisper": "耳语", "barge": "强插"}
MONITOR_HEADER = "X-Hotline-Monitor"  # on the lead's INVITE: the mode
SHOW_HEADER = "X-Hotline-Monitor-Show"  # added by the center: 1 when the agent sees an indicator
MODE_CONTENT_TYPE = "application/x-hotline-monitor"  # an in-dialog MESSAGE that switches the mode
MONITOR_ROLES = (Role.TEAM_LEAD, Role.SUPERVISOR)
SCOPES = ("group", "center")
RETENTION_MIN_DAYS, RETENTION_MAX_DAYS = 30, 36500

DEFAULTS: Mapping[str, Any] = {
    "monitor.indicator": True,
    "monitor.scope": "group",
    "monitor.roles": ("team-lead", "supervisor"),
    "recordings.retention_days": 365,
}


class SettingsError(ValueError):
    """A setting refused; ``code``: unknown-key, bad-type, bad-choice, out-of-range, bad-file."""

    def __init__(self, code: str, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.code, self.key = code, key


@dataclass(frozen=True)
class CenterSettings:
    """The checked settings (build with :func:`parse_settings`)."""

    indicator: bool = True
    scope: str = "group"
    roles: tuple[str, ...] = ("team-lead", "supervisor")
    retention_days: int = 365

    def as_flat(self) -> dict[str, Any]:
        """``{"monitor.indicator": …}``: the form ``hotline center settings show`` prints and saves."""
        return {"monitor.indicator": self.indicator, "monitor.scope": self.scope,
                "monitor.roles": list(self.roles), "recordings.retention_days": self.retention_days}


def check_value(key: str, value: Any) -> Any:
    """The value of ``key`` as stored, or SettingsError. Strings are accepted for every key (the CLI)."""
    if key not in DEFAULTS:
        raise SettingsError("unknown-key", key, f"未知设置 (unknown setting; known: {', '.join(DEFAULTS)})")
    if key == "monitor.indicator":
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0"):
            return value.strip().lower() in ("true", "yes", "on", "1")
        if not isinstance(value, bool):
            raise SettingsError("bad-type", key, f"应为 true 或 false (expected a boolean, got {value!r})")
        return value
    if key == "monitor.scope":
        if value not in SCOPES:
            raise SettingsError("bad-choice", key, f"应为 {' 或 '.join(SCOPES)} (got {value!r})")
        return value
    if key == "monitor.roles":
        items = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
            raise SettingsError("bad-type", key, f"应为角色列表 (expected a list of roles, got {value!r})")
        allowed = [r.value for r in MONITOR_ROLES]
        bad = [v for v in items if v not in allowed]
        if bad:
            raise SettingsError("bad-choice", key, f"只能是 {', '.join(allowed)} (got {bad!r})")
        return tuple(dict.fromkeys(items))
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool):
        raise SettingsError("bad-type", key, f"应为整数天数 (expected whole days, got {value!r})")
    if not RETENTION_MIN_DAYS <= value <= RETENTION_MAX_DAYS:
        raise SettingsError("out-of-range", key,
                            f"应在 {RETENTION_MIN_DAYS}–{RETENTION_MAX_DAYS} 天之间 (got {value})")
    return value


def parse_settings(flat: Mapping[str, Any]) -> CenterSettings:
    """Checked settings from flat keys (missing keys keep their defaults)."""
    values = dict(DEFAULTS)
    for key, value in flat.items():
        values[key] = check_value(key, value)
    return CenterSettings(indicator=values["monitor.indicator"], scope=values["monitor.scope"],
                          roles=tuple(values["monitor.roles"]), retention_days=values["recordings.retention_days"])


def flatten(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``{"monitor": {"scope": …}}`` (a TOML document) as flat keys; SettingsError for a stray value."""
    flat: dict[str, Any] = {}
    for section, table in doc.items():
        if not isinstance(table, Mapping):
            raise SettingsError("unknown-key", str(section), "expected a [section] table")
        for key, value in table.items():
            flat[f"{section}.{key}"] = value
    return flat


def may_monitor(lead: Account, agent: Account, settings: CenterSettings) -> bool:
    """Whether ``lead`` may listen to, whisper to or barge in on ``agent``."""
    if lead.disabled or agent.disabled or lead.id == agent.id or not lead.sip_user or not agent.sip_user:
        return False
    if lead.role not in MONITOR_ROLES or lead.role.value not in settings.roles:
        return False
    if agent.role not in (Role.AGENT, Role.TEAM_LEAD):
        return False
    if settings.scope == "center" and lead.role is Role.SUPERVISOR:
        return True
    return bool(lead.unit_id) and lead.unit_id == agent.unit_id


def monitor_pairs(accounts: Iterable[Account], settings: CenterSettings) -> tuple[set[str], set[tuple[str, str]]]:
    """(extensions of everyone holding a monitoring role, allowed (lead extension, agent extension))."""
    people = [a for a in accounts if a.sip_user and not a.disabled]
    leads = {a.sip_user for a in people if a.role in MONITOR_ROLES}
    pairs = {(str(lead.sip_user), str(agent.sip_user)) for lead in people for agent in people
             if may_monitor(lead, agent, settings)}
    return {str(x) for x in leads}, pairs
