"""Phone numbers in one canonical form, wherever they enter: trunk caller ID, typed numbers, imports.

The canonical form of a Chinese number (+86) is its E.164 digits without the country code, i.e. the
national significant number: mobiles ``13700000001`` (from ``+8613700000001``, ``008613700000001``,
``013700000001``, ``+86 137-0000-0002``, ``137 0000 0002``), fixed lines with their area code and
no trunk 0 (``4711234567`` from ``0471-1234567`` or ``+86 471 1234567``; ``1012345678`` for
Beijing's 010). Short service numbers (110, 12345, 95598: 3–5 digits starting 1 or 9) stay as they
are. A number of another country keeps its whole E.164 form with the plus (``+16502530000``), so it
can never meet a domestic one. Anything else raises :class:`PhoneNumberInvalid` with a ``code``;
the desk shows its message (不是有效的电话号码).

Parsing uses Google's ``phonenumbers`` metadata (region CN). ``canonical_phone`` is the lenient
twin used where a number must never be refused (the fold of old events, look-ups): a number that
does not parse is kept as given (stripped), so rows stored before normalisation are still found.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

REGION = "CN"
COUNTRY_CODE = 86
MOBILE, FIXED, SERVICE, NATIONAL, FOREIGN = "mobile", "fixed", "service", "national", "foreign"

_SEPARATORS = re.compile(r"[\s\-./()（）\u00a0\u3000]+")
#: short service numbers: 110 police, 112, 114 directory, 117 time, 119 fire, 120 ambulance, 121
#: weather, 122 traffic; 5 digits 1xxxx (12345, 12306, 10086) and 95xxx/96xxx (95598); 6 digits 95xxxx
_SERVICE = re.compile(r"11[0247]|119|12[012]|1\d{4}|9[56]\d{3}|95\d{4}")
_URI = re.compile(r"^(?:sips?|tel):([^@;>]+)", re.IGNORECASE)
_MAINLAND_11 = re.compile(r"1[0-9]{10}")  # canonical_phone's fast path
_LOCAL = re.compile(r"[2-9]\d{6,7}")  # a local fixed number, area code left off

#: error code -> (Chinese, English) reason
REASONS: dict[str, tuple[str, str]] = {
    "empty": ("号码为空", "empty"),
    "not-a-number": ("含有非号码字符", "not a phone number"),
    "too-short": ("位数太少", "too short"),
    "too-long": ("位数太多", "too long"),
    "needs-area-code": ("本地固话缺少区号", "a local fixed line needs its area code"),
    "invalid": ("号段不存在", "no such number range"),
}


class PhoneNumberInvalid(ValueError):
    """A string that is not a phone number; ``code`` (a key of REASONS) says why, ``raw`` is the input."""

    def __init__(self, code: str, raw: str) -> None:
        self.code, self.raw = code, raw
        chinese, english = REASONS[code]
        super().__init__(f"不是有效的电话号码：{raw!r}，{chinese} (not a valid phone number: {english}) [{code}]")


@dataclass(frozen=True)
class PhoneNumber:
    """A normalised number: ``canonical`` (what is stored and looked up), ``raw`` as given, its ``kind``."""

    canonical: str
    raw: str
    kind: str  # mobile | fixed | service | national (400/800) | foreign

    @property
    def display(self) -> str:
        """How people read it: ``137 0000 0001``, ``0471 123 4567``, ``12345``, ``+1 650-253-0000``."""
        if self.kind == SERVICE:
            return self.canonical
        number = phonenumbers.parse(self.canonical if self.kind == FOREIGN else f"+86{self.canonical}")
        style = phonenumbers.PhoneNumberFormat
        return phonenumbers.format_number(number, style.INTERNATIONAL if self.kind == FOREIGN else style.NATIONAL)


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()  # full-width digits and plus
    uri = _URI.match(text)
    if uri:  # caller ID as a SIP or tel URI: its user part
        text = uri.group(1)
    return _SEPARATORS.sub("", text)


def normalize_phone(raw: str, *, area_code: str | None = None) -> PhoneNumber:
    """The canonical form of ``raw``; PhoneNumberInvalid (with its code) when it is not a number.

    ``area_code`` (e.g. ``"0477"``) completes a local fixed number dialled without one (7–8 digits).
    """
    text = _clean(raw or "")
    if not text:
        raise PhoneNumberInvalid("empty", raw or "")
    if not re.fullmatch(r"\+?\d+", text):
        raise PhoneNumberInvalid("not-a-number", raw)
    if _SERVICE.fullmatch(text):
        return PhoneNumber(text, raw, SERVICE)
    prefix = (area_code or "").strip().lstrip("0")
    if prefix.isdigit() and _LOCAL.fullmatch(text):
        text = "0" + prefix + text
    try:
        number = phonenumbers.parse(text, REGION)
    except NumberParseException:
        raise PhoneNumberInvalid("not-a-number", raw) from None
    significant = str(number.national_number)
    if number.country_code == COUNTRY_CODE and _SERVICE.fullmatch(significant):
        return PhoneNumber(significant, raw, SERVICE)  # +86 12345
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberInvalid(_why(number, text), raw)
    if number.country_code != COUNTRY_CODE:
        return PhoneNumber(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), raw, FOREIGN)
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.MOBILE:
        return PhoneNumber(significant, raw, MOBILE)
    if kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return PhoneNumber(significant, raw, FIXED)
    return PhoneNumber(significant, raw, NATIONAL)


def _why(number: phonenumbers.PhoneNumber, text: str) -> str:
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in (ValidationResult.TOO_SHORT, ValidationResult.INVALID_LENGTH):
        return "too-short" if len(str(number.national_number)) < 10 else "too-long"
    if reason == ValidationResult.TOO_LONG:
        return "too-long"
    if reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY or _LOCAL.fullmatch(text):
        return "needs-area-code"
    return "invalid"


def canonical_phone(raw: str) -> str:
    """The canonical form of ``raw``, or ``raw`` stripped when it is not a number ("" stays "").

    For the fold and for look-ups, which must never refuse what was stored before normalisation.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    if _MAINLAND_11.fullmatch(text):
        # eleven ASCII digits from 1: every branch of normalize_phone gives them back unchanged
        # (valid or not, mobile or fixed, the national number is the text), so skip the parse
        return text
    try:
        return normalize_phone(text).canonical
    except PhoneNumberInvalid:
        return text


__all__ = ["PhoneNumber", "PhoneNumberInvalid", "REASONS", "canonical_phone", "normalize_phone"]
