"""The caller-flag vocabulary and checks (pure domain): kinds by value or Chinese label, named refusals."""

from __future__ import annotations

import pytest

from hotline.caller_flags import (
    DEFAULT_ARTICLE,
    FlagError,
    FlagKind,
    check_actor,
    check_article,
    check_reason,
    flag_number,
    parse_kind,
)


def test_kinds_parse_by_value_or_label_and_each_has_a_default_article():
    assert parse_kind("nuisance") is FlagKind.NUISANCE and parse_kind("骚扰电话") is FlagKind.NUISANCE
    assert FlagKind.NUISANCE.label == "骚扰电话"
    assert set(DEFAULT_ARTICLE) == set(FlagKind)
    assert check_article("", FlagKind.NUISANCE) == "内蒙古第二十六条；凉山第二十四条"
    assert check_article(" 凉山第二十四条 ", FlagKind.NUISANCE) == "凉山第二十四条"


@pytest.mark.parametrize(("raw", "canonical"), [
    ("+86 137-0000-0066", "13700000066"), ("008613700000066", "13700000066"), ("0471-1234567", "4711234567"),
])
def test_numbers_are_kept_canonical(raw, canonical):
    assert flag_number(raw) == canonical


@pytest.mark.parametrize(("call", "code"), [
    (lambda: flag_number("abc"), "bad-number"),
    (lambda: flag_number(""), "bad-number"),
    (lambda: check_reason("  "), "empty-reason"),
    (lambda: check_reason("骚" * 501), "empty-reason"),
    (lambda: check_actor(""), "bad-actor"),
    (lambda: parse_kind("vip"), "bad-kind"),
    (lambda: check_article("条" * 121, FlagKind.NUISANCE), "bad-article"),
])
def test_refusals_are_named(call, code):
    with pytest.raises(FlagError) as err:
        call()
    assert err.value.code == code and "(" in str(err.value)  # Chinese, with English in parentheses
