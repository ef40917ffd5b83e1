"""Caller flags: what the center marks against a phone number, shown to every agent when it rings.

Pure domain (no SQLAlchemy). A flag is set at the center by a named person with a reason and the
article it rests on, and is later *cleared*, never deleted, so its history stays. The first kind is
the nuisance caller (骚扰电话): Inner Mongolia 第二十六条 and Liangshan 第二十四条 (无正当理由反复拨打、
骚扰话务人员) let the center refer such misuse to the authorities; the agent must see it as the phone
rings. Kinds are a closed vocabulary with Chinese labels (``FlagKind.parse`` takes either). Refusals
are ``FlagError`` with a ``code`` (storage.caller_flags writes; the CLI prints the message).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hotline.enums import _Labelled
from hotline.phones import PhoneNumberInvalid, normalize_phone

MAX_REASON = 500
MAX_ACTOR = 80
MAX_ARTICLE = 120


class FlagKind(_Labelled):
    """标记类别: why a number is flagged; ``FlagKind.parse`` takes the value or the Chinese label."""

    NUISANCE = ("nuisance", "骚扰电话", "骚扰", "恶意骚扰")


#: the articles a flag of each kind cites unless the person setting it names another
DEFAULT_ARTICLE: dict[FlagKind, str] = {
    FlagKind.NUISANCE: "内蒙古第二十六条；凉山第二十四条",
}


class FlagError(Exception):
    """A flag cannot be written as asked; ``code`` names why (tests and callers match on it).

    Codes: bad-number, bad-kind, empty-reason, bad-actor, bad-article, already-flagged, not-flagged,
    center-only.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CallerFlagRecord:
    """One flag on a canonical number, active until ``cleared_at`` is set."""

    id: str
    number: str  # canonical (hotline.phones)
    kind: FlagKind
    reason: str
    article: str
    set_by: str
    set_at: datetime
    cleared_by: str | None = None
    cleared_at: datetime | None = None
    clear_reason: str = ""

    @property
    def active(self) -> bool:
        """Not cleared."""
        return self.cleared_at is None


def flag_number(raw: str) -> str:
    """The canonical number a flag is kept under; FlagError ``bad-number`` when ``raw`` is not one."""
    try:
        return normalize_phone(raw or "").canonical
    except PhoneNumberInvalid as exc:
        raise FlagError("bad-number", str(exc)) from None


def check_reason(reason: str | None) -> str:
    """The reason, stripped; FlagError ``empty-reason`` when blank or too long."""
    text = (reason or "").strip()
    if not text:
        raise FlagError("empty-reason", "标记理由不能为空 (a flag needs a reason)")
    if len(text) > MAX_REASON:
        raise FlagError("empty-reason", f"标记理由过长 (reason longer than {MAX_REASON})")
    return text


def check_actor(actor: str | None) -> str:
    """Who sets or clears the flag, stripped; FlagError ``bad-actor`` when blank or too long."""
    text = (actor or "").strip()
    if not text or len(text) > MAX_ACTOR:
        raise FlagError("bad-actor", "须注明操作人 (name who sets or clears the flag: --actor)")
    return text


def parse_kind(kind: FlagKind | str) -> FlagKind:
    """The kind named by value or Chinese label; FlagError ``bad-kind`` otherwise."""
    if isinstance(kind, FlagKind):
        return kind
    try:
        return FlagKind(FlagKind.parse(kind))
    except ValueError:
        choices = "、".join(f"{k.value}/{k.label}" for k in FlagKind)
        raise FlagError("bad-kind", f"未知的标记类别 {kind!r}（可选：{choices}）(unknown flag kind)") from None


def check_article(article: str | None, kind: FlagKind) -> str:
    """The article cited: the one given, or the kind's default; FlagError ``bad-article`` when too long."""
    text = (article or "").strip() or DEFAULT_ARTICLE[kind]
    if len(text) > MAX_ARTICLE:
        raise FlagError("bad-article", f"条款过长 (article longer than {MAX_ARTICLE})")
    return text


__all__ = ["DEFAULT_ARTICLE", "CallerFlagRecord", "FlagError", "FlagKind", "check_actor", "check_article",
           "check_reason", "flag_number", "parse_kind"]
