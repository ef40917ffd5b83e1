"""A callback reservation (预约回拨) becomes a ticket: channel phone, the queue's category, the caller's number.

The ticket is numbered on the center's own seat ``ACD`` (``20261122-ACD-0001``) and created through
the ticket lifecycle like any other, in the transaction that stores the overflow event. The trunk's
caller ID is stored in canonical form with the raw form beside it (hotline.phones, by
``commands.create``; an odd caller ID is kept as given, never refused), and the call's SIP Call-ID
links the ticket to the call (``ticket_calls``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hotline.acd.actions import QueueEvent
from hotline.enums import Category
from hotline.tickets import commands
from hotline.tickets.numbers import format_number, number_prefix
from hotline.timezone import to_cst

if TYPE_CHECKING:
    from storage.center_tables import CallRow
    from storage.tickets import TicketRepository

SEAT = "ACD"
ACTOR = "acd"
WHY = {
    "max-wait": "等待超过最长排队时间",
    "night": "无坐席值守（夜间/节假日规则）",
    "seat-failed": "值班坐席未接听",
}


def content(ev: QueueEvent, row: CallRow) -> str:
    """The ticket's text: who called, which queue, how long they waited, why they were not answered."""
    label = str(ev.data.get("label") or ev.queue)
    wait = float(ev.data.get("wait_s", row.wait_s or 0))
    why = WHY.get(str(ev.data.get("why", "")), "未能接通")
    when = to_cst(row.queued_at).strftime("%Y-%m-%d %H:%M:%S")
    return (f"预约回拨：来电号码 {row.caller or '未知'} 于 {when} 拨打 {row.dialled or '12345'}，"
            f"进入“{label}”队列，等待 {wait:.0f} 秒后{why}，已告知来电人将回电。请回拨并受理其诉求。")


def callback_ticket(tickets: TicketRepository, ev: QueueEvent, row: CallRow) -> str:
    """Create the ticket for a callback reservation; returns its id."""
    from storage.tickets import TicketFilter

    day = to_cst(ev.at).date()
    taken = tickets.count(TicketFilter(number_prefix=number_prefix(day, SEAT)))
    try:
        category = Category.parse(str(ev.data.get("category") or "求助")).value
    except ValueError:
        category = Category.HELP.value
    intake = {"caller_phone": row.caller, "call_time": to_cst(row.queued_at).isoformat(), "call_id": row.call_id}
    event = commands.create(
        ACTOR, number=format_number(day, SEAT, taken + 1), profile=str(ev.data.get("profile") or "national"),
        channel="phone", category=category, urgency="normal", content=content(ev, row), at=ev.at,
        origin="center", **{k: v for k, v in intake.items() if v},
    )
    return tickets.add(event).id
