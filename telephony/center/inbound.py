"""Every field the director takes from Kamailio, checked where it enters.

Kamailio relays what callers wrote (Call-ID, From user, SDP, a MESSAGE body); nothing of it is
trusted. :func:`clean` turns one decoded evapi event into a dict of checked values or raises
:class:`BadEvent` naming the field; the service logs and skips such an event, never dies of it.
Numbers must be ASCII digits (``int('²')`` raises, ``'²'.isdigit()`` is True), strings have
length limits, addresses must parse, and unknown kinds are refused.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

KINDS = frozenset({"queued", "ring-failed", "answered", "left", "ended", "dialout", "transferred", "reg",
                   "unreg", "agent", "offered", "gone", "monitor"})
VERDICTS = frozenset({"allowed", "refused", "stripped", "mode"})
_TOKEN = re.compile(r"[A-Za-z0-9_.+\-]{1,64}")
_DIGITS = re.compile(r"[0-9]{1,10}")
_PRINTABLE = re.compile(r"[\x21-\x7e]+")


class BadEvent(ValueError):
    """An evapi event with a missing or malformed field (``field`` names it)."""

    def __init__(self, field: str, value: Any) -> None:
        super().__init__(f"bad {field}: {str(value)[:80]!r}")
        self.field = field


def _int(event: dict[str, Any], name: str, lo: int, hi: int, default: int | None = None) -> int:
    raw = event.get(name, default)
    if isinstance(raw, bool):
        raise BadEvent(name, raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw):
        value = int(raw)
    else:
        raise BadEvent(name, raw)
    if not lo <= value <= hi:
        raise BadEvent(name, raw)
    return value


def _text(event: dict[str, Any], name: str, limit: int, pattern: re.Pattern[str] | None = _PRINTABLE,
          required: bool = False) -> str:
    raw = event.get(name, "")
    if raw is None:
        raw = ""
    if not isinstance(raw, str) or len(raw) > limit:
        raise BadEvent(name, raw)
    if raw and pattern is not None and not pattern.fullmatch(raw):
        raise BadEvent(name, raw)
    if required and not raw:
        raise BadEvent(name, raw)
    return raw


def source_ip(value: str) -> str:
    """An IPv4 address as text, or BadEvent."""
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise BadEvent("src", value) from None


def clean(event: Any) -> dict[str, Any]:
    """The event's kind and its checked fields (see the module docstring)."""
    if not isinstance(event, dict):
        raise BadEvent("event", event)
    kind = event.get("event")
    if kind not in KINDS:
        raise BadEvent("event", kind)
    out: dict[str, Any] = {"event": kind}
    if kind in ("queued", "ring-failed", "answered", "left", "ended", "transferred", "offered", "dialout"):
        out["callid"] = _text(event, "callid", 256, required=True)
    if kind in ("queued", "ring-failed", "gone"):
        out["tindex"] = _int(event, "tindex", 0, 2**32 - 1)
        out["tlabel"] = _int(event, "tlabel", 0, 2**32 - 1)
    if kind == "queued":
        out["caller"] = _text(event, "caller", 64)
        out["dialled"] = _text(event, "dialled", 32, _TOKEN, required=True)
        out["queue"] = _text(event, "queue", 64, _TOKEN)
        out["verified"] = _int(event, "verified", 0, 1, default=0) == 1
        out["trusted"] = _int(event, "trusted", 0, 1, default=0) == 1
        out["src"] = source_ip(_text(event, "src", 15, required=True))
        out["sdp"] = _text(event, "sdp", 8192, None)
    elif kind in ("ring-failed", "answered", "offered"):
        out["agent"] = _text(event, "agent", 64, _TOKEN, required=True)
        if kind == "ring-failed":
            out["code"] = _int(event, "code", 100, 699)
    elif kind == "left":
        out["why"] = _text(event, "why", 16, _TOKEN)
    elif kind in ("reg", "unreg", "agent", "dialout"):
        out["user"] = _text(event, "user", 64, _TOKEN, required=True)
        if kind == "reg":
            out["expires"] = _int(event, "expires", 0, 10**6, default=0)
            out["contact"] = _text(event, "contact", 512, None)
            out["ua"] = _text(event, "ua", 200, None)
        elif kind == "agent":
            out["body"] = _text(event, "body", 512, None)
        elif kind == "dialout":
            out["to"] = _text(event, "to", 64, _TOKEN)
    elif kind == "transferred":
        out["to"] = _text(event, "to", 512, None)
    elif kind == "monitor":
        out.update(monitor_fields(event))
    return out


def monitor_fields(event: dict[str, Any]) -> dict[str, Any]:
    """A monitoring request's fields. What a refused sender wrote is kept for the audit, cut to
    length and to printable ASCII, never a reason to drop the event."""
    verdict = event.get("verdict")
    if verdict not in VERDICTS:
        raise BadEvent("verdict", verdict)

    def cut(name: str, limit: int) -> str:
        raw = event.get(name, "")
        text = raw if isinstance(raw, str) else ""
        return "".join(ch if "\x21" <= ch <= "\x7e" else "?" for ch in text[:limit])

    return {"verdict": verdict, "lead": cut("lead", 64), "agent": cut("agent", 64), "mode": cut("mode", 32),
            "callid": cut("callid", 256), "src": cut("src", 15)}
