"""Extra SIP headers a desk may put on an INVITE, and the ticket header both desks agree on.

    Dial("2101", consult=True, headers=(ticket_header("0192…", "20261208-007-0001"),))
    parse_ticket("0192…;number=20261208-007-0001")  -> ("0192…", "20261208-007-0001")

Only names in :data:`ALLOWED_HEADERS` may be added (a desk never sets Via, Route or an identity
header), and a value may hold no CR, LF or NUL (no header injection) and is at most 200 characters.
The center removes ``X-Hotline-Ticket`` from every request that is not from an authenticated local
user (resources/kamailio/center.cfg), so a header that arrives at a desk was put there by a desk.
"""

from __future__ import annotations

import re

from telephony.softphone.errors import BadHeader

TICKET_HEADER = "X-Hotline-Ticket"
#: the header names a Dial may carry (case-insensitive, as SIP compares them)
ALLOWED_HEADERS = frozenset({TICKET_HEADER.lower()})
MAX_VALUE = 200
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_FORBIDDEN = re.compile(r"[\r\n\x00]")


def check_headers(headers: object) -> tuple[tuple[str, str], ...]:
    """The headers as given when every one may be sent; BadHeader naming the first that may not."""
    if not isinstance(headers, tuple):
        raise BadHeader(f"附加头必须是 (名称, 值) 元组：{type(headers).__name__}")
    for pair in headers:
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise BadHeader(f"附加头必须是 (名称, 值)：{pair!r}")
        name, value = pair
        if name.strip().lower() not in ALLOWED_HEADERS or name != name.strip():
            raise BadHeader(f"不允许的附加头：{name!r}")
        if _FORBIDDEN.search(value):
            raise BadHeader(f"附加头 {name} 的值含有换行或空字符")
        if not value.strip() or len(value) > MAX_VALUE:
            raise BadHeader(f"附加头 {name} 的值应为 1–{MAX_VALUE} 个字符")
    return headers


def ticket_header(ticket_id: str, number: str = "") -> tuple[str, str]:
    """``("X-Hotline-Ticket", "<id>;number=<no>")``; BadHeader when the id or number is not a plain token."""
    if not _TOKEN.match(ticket_id or ""):
        raise BadHeader(f"工单编号无效：{ticket_id!r}")
    if number and not _TOKEN.match(number):
        raise BadHeader(f"工单号无效：{number!r}")
    return TICKET_HEADER, f"{ticket_id};number={number}" if number else ticket_id


def parse_ticket(value: str) -> tuple[str, str]:
    """``(ticket id, number)`` from a received header value; ``("", "")`` when it is not well formed."""
    head, *params = (value or "").strip().split(";")
    ticket_id = head.strip()
    if not _TOKEN.match(ticket_id):
        return "", ""
    number = ""
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "number" and _TOKEN.match(val.strip()):
            number = val.strip()
    return ticket_id, number
