"""The account vocabulary (roles, labels, panes) and the password hashes (scrypt, SIP HA1)."""

from __future__ import annotations

import hashlib
import re

import pytest

from hotline.accounts import (
    ALL_PANES,
    PANES,
    AccountError,
    LoginRefused,
    Role,
    check_login,
    check_password,
    check_sip_user,
    parse_role,
)
from hotline.passwords import SIP_REALM, dummy_verify, hash_password, needs_rehash, sip_ha1, verify_password


def test_every_role_has_its_chinese_label_and_panes():
    labels = {r.value: r.label for r in Role}
    assert labels == {"agent": "话务员", "specialist": "专家坐席", "team-lead": "班长", "supervisor": "质检/管理",
                      "unit-handler": "承办单位", "center-admin": "中心管理员"}
    assert set(PANES) == set(Role)
    assert PANES[Role.AGENT] == ("phone", "screen_pop", "ticket", "knowledge", "lists")
    assert set(PANES[Role.TEAM_LEAD]) == {*PANES[Role.AGENT], "board"}
    assert {"board", "recordings"} <= set(PANES[Role.SUPERVISOR]) and "phone" not in PANES[Role.SUPERVISOR]
    assert "specialist_pop" in PANES[Role.SPECIALIST] and "unit_tickets" in PANES[Role.UNIT_HANDLER]
    assert PANES[Role.CENTER_ADMIN] == ALL_PANES and "accounts" in ALL_PANES
    assert all(set(p) <= set(ALL_PANES) for p in PANES.values())
    assert sum("accounts" in p for p in PANES.values()) == 1  # only the center admin manages accounts


def test_roles_parse_from_value_or_label_and_refuse_others_by_code():
    assert parse_role("班长") is Role.TEAM_LEAD and parse_role("unit-handler") is Role.UNIT_HANDLER
    with pytest.raises(AccountError) as err:
        parse_role("boss")
    assert err.value.code == "bad-role"


@pytest.mark.parametrize(("check", "bad", "code"), [
    (check_login, "", "bad-login"), (check_login, "has space", "bad-login"), (check_login, "x" * 41, "bad-login"),
    (check_sip_user, "10a1", "bad-sip"), (check_sip_user, "12", "bad-sip"), (check_sip_user, "1001\n", "bad-sip"),
    (check_password, "", "empty-password"), (check_password, "   ", "empty-password"),
])
def test_bad_names_and_passwords_are_named_errors(check, bad, code):
    with pytest.raises(AccountError) as err:
        check(bad)
    assert err.value.code == code


def test_logins_are_stored_lower_case_and_extensions_may_be_absent():
    assert check_login(" ZhangSan ") == "zhangsan"
    assert check_sip_user(None) is None and check_sip_user("") is None and check_sip_user("1001") == "1001"


def test_the_hash_is_scrypt_with_its_parameters_and_a_salt_of_its_own():
    first, second = hash_password("座席密码-1"), hash_password("座席密码-1")
    pattern = r"^scrypt\$n=16384,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$"
    assert re.match(pattern, first) and re.match(pattern, second)
    assert first != second  # per-user salt
    assert "座席密码" not in first
    assert verify_password("座席密码-1", first) and verify_password("座席密码-1", second)
    assert not verify_password("座席密码-2", first) and not verify_password("", first)
    assert not needs_rehash(first)


def test_stored_parameters_are_used_and_broken_hashes_verify_false():
    cheap = hash_password("pw", n=1024, r=4, p=1)
    assert cheap.startswith("scrypt$n=1024,r=4,p=1$") and verify_password("pw", cheap)
    assert needs_rehash(cheap)
    for broken in ("", "md5$abc", "scrypt$n=1000,r=8,p=1$AAAA$AAAA", "scrypt$n=4194304,r=8,p=1$AAAA$AAAA",
                   cheap.replace("scrypt$", "bcrypt$"), cheap[:-4]):
        assert not verify_password("pw", broken)
    assert dummy_verify("pw") is False
    with pytest.raises(ValueError):
        hash_password("")


def test_ha1_is_the_sip_digest_secret_for_the_fixed_realm():
    assert SIP_REALM == "12345"
    assert sip_ha1("1001", "demo-1001") == hashlib.md5(b"1001:12345:demo-1001").hexdigest()
    assert sip_ha1("1001", "pw", realm="127.0.0.1") == hashlib.md5(b"1001:127.0.0.1:pw").hexdigest()


def test_a_refusal_carries_its_code():
    assert LoginRefused(LoginRefused.UNKNOWN_OR_WRONG).code == "unknown-or-wrong"
    assert LoginRefused(LoginRefused.DISABLED).code == "disabled"
