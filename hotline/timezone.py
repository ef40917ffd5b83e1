"""China Standard Time and helpers for the aware datetimes the domain uses everywhere."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8), "CST")


def now() -> datetime:
    """The current time as an aware datetime in China Standard Time."""
    return datetime.now(CST)


def to_cst(moment: datetime) -> datetime:
    """Convert an aware datetime to CST; a naive one is taken to be CST already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=CST)
    return moment.astimezone(CST)


def parse_iso(text: str) -> datetime:
    """Parse an ISO-8601 time; without an offset it is taken as CST. Raises ValueError with the text."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"not an ISO-8601 time: {text!r}") from exc
    try:
        return to_cst(moment)
    except OverflowError:  # 0001-01-01T00:00+14:00 has no CST time
        raise ValueError(f"time out of range in China Standard Time: {text!r}") from None
