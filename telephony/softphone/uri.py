"""SIP addresses: what the engine accepts as a destination and how it reads numbers out of headers."""

from __future__ import annotations

import re

from telephony.softphone.errors import BadUri

_NUMBER = re.compile(r"^\+?[0-9*#]{1,32}$")
_USER = r"[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+"
_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])"
_SIP_URI = re.compile(rf"^sips?:(?:{_USER}@)?{_HOST}(?::[0-9]{{1,5}})?(?:;[A-Za-z0-9\-_.=~]+)*$")
_USER_PART = re.compile(r"sips?:([^@;>]+)@")
_NAME_ADDR = re.compile(r"<(sips?:[^>]+)>")


def normalize_destination(destination: str, domain: str | None) -> str:
    """A SIP URI to dial, or :class:`BadUri` with a message naming what is wrong.

    A bare number (12345, 110, +86...) becomes ``sip:<number>@<domain>``; with no domain (direct
    mode without a registrar) a number cannot be dialled.
    """
    if not isinstance(destination, str):
        raise BadUri(f"目标地址必须是文本，收到 {type(destination).__name__}")
    text = destination.strip()
    if not text:
        raise BadUri("目标地址为空")
    if _NUMBER.match(text):
        if not domain:
            raise BadUri(f"直连模式下不能只拨号码 {text!r}：请给出完整的 SIP 地址")
        return f"sip:{text}@{domain}"
    match = _NAME_ADDR.search(text)
    uri = match.group(1) if match else text
    if not _SIP_URI.match(uri):
        raise BadUri(f"不是有效的 SIP 地址：{text!r}")
    port = re.search(r":([0-9]{1,5})(?:;|$)", uri.split("@")[-1])
    if port and not 0 < int(port.group(1)) < 65536:
        raise BadUri(f"端口超出范围：{text!r}")
    return uri


def user_part(uri_or_header: str) -> str:
    """The user part of the first SIP URI in a header value or URI ('' when there is none)."""
    found = _USER_PART.search(uri_or_header or "")
    return found.group(1) if found else ""


def header_value(message: str, *names: str) -> str:
    """The value of the first header of ``names`` (long or compact form) in a raw SIP message."""
    wanted = {n.lower() for n in names}
    for line in (message or "").split("\r\n")[1:]:
        if not line:
            break
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() in wanted:
            return value.strip()
    return ""


def request_uri(message: str) -> str:
    """The Request-URI of a raw SIP request ('' when the message is not a request)."""
    first = (message or "").split("\r\n", 1)[0].split(" ")
    return first[1] if len(first) == 3 and first[2].startswith("SIP/") else ""


def caller_number(message: str) -> str:
    """The caller's number: P-Asserted-Identity when the network asserts one, else the From user."""
    asserted = header_value(message, "P-Asserted-Identity")
    return user_part(asserted) or user_part(header_value(message, "From", "f"))
