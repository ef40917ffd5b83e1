"""Monitoring settings and who may monitor whom (hotline.monitoring), and the center's table of it."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.accounts import Account, Role
from hotline.monitoring import (
    CenterSettings,
    SettingsError,
    check_value,
    flatten,
    monitor_pairs,
    parse_settings,
)
from telephony.center.monitor_rules import (
    MonitorRules,
    MonitorRulesError,
    render_monitor,
    rules_from_accounts,
)

T = datetime(2026, 12, 1, 9, 0)


def person(login: str, role: Role, sip: str | None, unit: str | None, disabled: bool = False) -> Account:
    return Account(login, login, login, role, unit, sip, disabled, T, T)


PEOPLE = [
    person("a1", Role.AGENT, "1001", "team-a"), person("a2", Role.AGENT, "1002", "team-a"),
    person("b1", Role.AGENT, "1003", "team-b"), person("lead-a", Role.TEAM_LEAD, "1008", "team-a"),
    person("lead-b", Role.TEAM_LEAD, "1009", "team-b"), person("qa", Role.SUPERVISOR, "1010", "team-b"),
    person("off", Role.TEAM_LEAD, "1011", "team-a", disabled=True), person("nophone", Role.SUPERVISOR, None, "team-a"),
    person("spec", Role.SPECIALIST, "2101", "team-a"),
]


def test_defaults_and_every_key_parsed_from_text():
    assert parse_settings({}) == CenterSettings()
    s = parse_settings({"monitor.indicator": "off", "monitor.scope": "center", "monitor.roles": "supervisor",
                        "recordings.retention_days": "180"})
    assert (s.indicator, s.scope, s.roles, s.retention_days) == (False, "center", ("supervisor",), 180)
    assert flatten({"monitor": {"scope": "group"}}) == {"monitor.scope": "group"}


@pytest.mark.parametrize(("key", "value", "code"), [
    ("monitor.colour", "red", "unknown-key"),
    ("monitor.indicator", "maybe", "bad-type"),
    ("monitor.indicator", 1, "bad-type"),
    ("monitor.scope", "everyone", "bad-choice"),
    ("monitor.roles", "agent", "bad-choice"),
    ("monitor.roles", 5, "bad-type"),
    ("recordings.retention_days", "ten", "bad-type"),
    ("recordings.retention_days", True, "bad-type"),
    ("recordings.retention_days", 29, "out-of-range"),
    ("recordings.retention_days", 36501, "out-of-range"),
])
def test_a_bad_value_is_refused_with_its_code(key, value, code):
    with pytest.raises(SettingsError) as err:
        check_value(key, value)
    assert err.value.code == code and err.value.key == key


def test_a_stray_top_level_value_in_the_file_is_refused():
    with pytest.raises(SettingsError) as err:
        flatten({"scope": "group"})
    assert err.value.code == "unknown-key"


def test_leads_monitor_their_own_group_only_by_default():
    leads, pairs = monitor_pairs(PEOPLE, CenterSettings())
    assert leads == {"1008", "1009", "1010"}  # the disabled lead and the lead without a phone are out
    # a supervisor of team b may also monitor that group's team lead (a lead takes calls too)
    assert pairs == {("1008", "1001"), ("1008", "1002"), ("1009", "1003"), ("1010", "1003"), ("1010", "1009")}
    assert ("1008", "1003") not in pairs and ("1009", "1001") not in pairs  # another group
    assert ("1008", "2101") not in pairs  # a specialist seat is not monitored


def test_center_scope_lets_supervisors_monitor_everyone_and_roles_narrow_who_may():
    _, pairs = monitor_pairs(PEOPLE, parse_settings({"monitor.scope": "center"}))
    assert {("1010", "1001"), ("1010", "1002"), ("1010", "1003"), ("1010", "1008")} <= pairs
    assert ("1008", "1003") not in pairs  # a team lead still only their group
    _, pairs = monitor_pairs(PEOPLE, parse_settings({"monitor.roles": "supervisor"}))
    assert pairs and all(lead == "1010" for lead, _ in pairs)


def test_the_table_kamailio_loads():
    rules = rules_from_accounts(PEOPLE, parse_settings({"monitor.indicator": False}))
    text = render_monitor(rules)
    assert "$sht(monitor=>show) = 0;" in text
    assert "$sht(monitor=>1008:1001) = 1;" in text and "$sht(monitor=>1008) = 1;" in text
    assert "1008:1003" not in text
    with pytest.raises(MonitorRulesError):
        render_monitor(MonitorRules(frozenset({"10;08"}), frozenset()))
    with pytest.raises(MonitorRulesError):
        render_monitor(MonitorRules(frozenset(), frozenset({("1008", "1001\n")})))
