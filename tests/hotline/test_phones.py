"""hotline.phones: every form a number arrives in gives one canonical form; garbage is a named error."""

from __future__ import annotations

import pytest

from hotline.phones import PhoneNumberInvalid, canonical_phone, normalize_phone

# (as given: trunk caller ID, typed, imported) -> (canonical, kind)
TABLE = [
    ("13700000001", "13700000001", "mobile"),
    ("+8613700000001", "13700000001", "mobile"),
    ("008613700000001", "13700000001", "mobile"),
    ("013700000001", "13700000001", "mobile"),
    ("8613700000001", "13700000001", "mobile"),
    ("+86 137-0000-0002", "13700000002", "mobile"),
    ("137 0000 0002", "13700000002", "mobile"),
    ("137-0000-0002", "13700000002", "mobile"),
    (" 13700000002 ", "13700000002", "mobile"),
    ("１３７０００００００２", "13700000002", "mobile"),  # full-width digits typed with a Chinese IME
    ("sip:13700000001@10.0.0.1", "13700000001", "mobile"),  # caller ID as the trunk's SIP URI
    ("tel:+8613700000001", "13700000001", "mobile"),
    ("0471-1234567", "4711234567", "fixed"),
    ("+86 471 1234567", "4711234567", "fixed"),
    ("04711234567", "4711234567", "fixed"),
    ("(0471)1234567", "4711234567", "fixed"),
    ("0086 471 1234567", "4711234567", "fixed"),
    ("010-12345678", "1012345678", "fixed"),
    ("+86 10 1234 5678", "1012345678", "fixed"),
    ("110", "110", "service"),
    ("119", "119", "service"),
    ("12345", "12345", "service"),
    ("+86 12345", "12345", "service"),
    ("95598", "95598", "service"),
    ("10086", "10086", "service"),
    ("400-810-8888", "4008108888", "national"),
    ("+1 650 253 0000", "+16502530000", "foreign"),
    ("+852 2123 4567", "+85221234567", "foreign"),
]


@pytest.mark.parametrize(("given", "canonical", "kind"), TABLE)
def test_every_form_gives_the_canonical_number(given, canonical, kind):
    number = normalize_phone(given)
    assert (number.canonical, number.kind, number.raw) == (canonical, kind, given)
    assert normalize_phone(number.canonical).canonical == canonical  # canonical is a fixed point
    assert canonical_phone(given) == canonical


# (garbage, code)
INVALID = [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "not-a-number"),
    ("1380013800a", "not-a-number"),
    ("+", "not-a-number"),
    ("138-0013-800x", "not-a-number"),
    ("123", "too-short"),
    ("1234", "too-short"),
    ("1370000000", "invalid"),  # ten digits: no such range
    ("137000000011", "invalid"),
    ("12345678901234567890", "too-long"),
    ("81234567", "needs-area-code"),  # a local fixed line dialled without 0xxx
    ("8123456", "needs-area-code"),
]


@pytest.mark.parametrize(("given", "code"), INVALID)
def test_garbage_is_the_named_error_with_its_code(given, code):
    with pytest.raises(PhoneNumberInvalid) as caught:
        normalize_phone(given)
    assert caught.value.code == code and caught.value.raw == given
    assert "不是有效的电话号码" in str(caught.value) and "(not a valid phone number" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_local_number_takes_the_centers_area_code():
    assert normalize_phone("8123456", area_code="0477").canonical == "4778123456"
    assert normalize_phone("81234567", area_code="010").canonical == "1081234567"
    assert normalize_phone("13700000001", area_code="0477").canonical == "13700000001"  # a mobile stays
    assert normalize_phone("12345", area_code="0477").canonical == "12345"


def test_lenient_form_keeps_what_does_not_parse():
    assert canonical_phone("不详") == "不详"
    assert canonical_phone(" 12 ") == "12"
    assert canonical_phone("") == ""


def test_display_is_how_people_read_it():
    assert normalize_phone("+8613700000001").display == "137 0000 0001"
    assert normalize_phone("0471-1234567").display == "0471 123 4567"
    assert normalize_phone("12345").display == "12345"
    assert normalize_phone("+16502530000").display == "+1 650-253-0000"
