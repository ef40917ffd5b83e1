"""Who may send a monitoring request through the center, as the center's Kamailio reads it.

    rules = rules_from_db(engine, settings)           # accounts + hotline.monitoring settings
    start_center_kamailio(run_dir, ..., monitor=rules)

The ``monitor`` hash table of resources/kamailio/center.cfg is filled at start-up from
:func:`render_monitor`: ``<lead>`` = 1 for every extension holding a monitoring role (team lead,
supervisor), ``<lead>:<agent>`` = 1 for each allowed pair, and ``show`` = 1 or 0 (whether the agent's
desk shows an indicator, passed to the agent's phone in ``X-Hotline-Monitor-Show``). The center relays
every monitoring request — allowed, refused or stripped — to the director as a ``monitor`` event,
which writes it to the audit log (telephony.center.store).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hotline.monitoring import CenterSettings, monitor_pairs

_EXT = re.compile(r"[0-9]{3,8}")


class MonitorRulesError(ValueError):
    """An extension in the rules is not 3-8 digits."""


@dataclass(frozen=True)
class MonitorRules:
    """The extensions with a monitoring role, the allowed (lead, agent) pairs, and the indicator."""

    leads: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()
    show: bool = True
    source: str = field(default="", compare=False)


def monitor_entries(rules: MonitorRules) -> dict[str, int]:
    """The ``monitor`` hash table's keys and values (checked: extensions only), in a stable order."""
    entries = {"show": 1 if rules.show else 0}
    for lead in sorted(rules.leads):
        if not _EXT.fullmatch(lead):
            raise MonitorRulesError(f"bad lead extension {lead!r}")
        entries[lead] = 1
    for lead, agent in sorted(rules.pairs):
        if not (_EXT.fullmatch(lead) and _EXT.fullmatch(agent)):
            raise MonitorRulesError(f"bad monitoring pair {lead!r}:{agent!r}")
        entries[f"{lead}:{agent}"] = 1
    return entries


def render_monitor(rules: MonitorRules) -> str:
    """Lines for the htable:mod-init event route (checked: extensions only)."""
    return "\n".join(f"\t$sht(monitor=>{key}) = {value};" for key, value in monitor_entries(rules).items())


def rules_from_accounts(accounts: Any, settings: CenterSettings) -> MonitorRules:
    """The rules for these accounts (hotline.accounts.Account) under these settings."""
    leads, pairs = monitor_pairs(accounts, settings)
    return MonitorRules(frozenset(leads), frozenset(pairs), settings.indicator)


def rules_from_db(engine: Any, settings: CenterSettings) -> MonitorRules:
    """The rules from the center's accounts table."""
    from sqlalchemy.orm import Session

    from storage.accounts import AccountRepository

    with Session(engine) as session:
        accounts = AccountRepository(session, None).all()
    rules = rules_from_accounts(accounts, settings)
    return MonitorRules(rules.leads, rules.pairs, rules.show, source="db")
