"""How each queue event updates the per-call record (CDR) in ``calls``; plain functions over a CallRow.

Outcomes: waiting, ringing, seat (overflowed to a seat, not yet answered) and talking while the call
is live; ended (answered, then hung up), abandoned (the caller left before an answer), overflowed
(to a callback reservation or voicemail) and transferred once it is over. A final outcome is never
undone by a late event; a conference only adds its target.
"""

from __future__ import annotations

from datetime import datetime

from hotline.acd import actions as a
from hotline.acd.actions import QueueEvent
from storage.center_tables import CallRow

LIVE = ("waiting", "ringing", "seat", "talking")
FINAL = ("ended", "abandoned", "overflowed", "transferred")


def new_call(ev: QueueEvent, now: datetime) -> CallRow:
    """The CDR row a call's first event opens (normally ``queued``)."""
    data = ev.data if ev.kind == a.QUEUED else {}
    return CallRow(
        call_id=ev.call, caller=ev.caller, dialled=str(data.get("dialled", "")),
        district=str(data.get("district", "")), queue=ev.queue, priority=int(data.get("priority", 0)),
        queued_at=ev.at, offers=0, no_answers=0, agent="", outcome="waiting", abandoned_while="",
        overflow_kind="", overflow_target="", overflow_why="", transferred_to="", conferenced=[],
        note="", updated_at=now,
    )


def _seconds(later: datetime, earlier: datetime | None) -> float | None:
    return None if earlier is None else round(max(0.0, (later - earlier).total_seconds()), 3)


def apply(row: CallRow, ev: QueueEvent, now: datetime) -> bool:
    """Update ``row`` with ``ev``; False when the event changes nothing (late, or after the end)."""
    kind, d = ev.kind, ev.data
    if row.outcome in FINAL:
        return False
    if kind == a.CONFERENCED:
        target = str(d.get("target", ""))
        if target in row.conferenced:
            return False
        row.conferenced = [*row.conferenced, target]
    elif kind == a.OFFERED:
        row.offers += 1
        row.offered_at = row.offered_at or ev.at
        row.agent, row.outcome = ev.agent, "ringing"
    elif kind == a.NO_ANSWER:
        row.no_answers += 1
        row.outcome = "waiting"
    elif kind == a.ANSWERED:
        row.answered_at, row.agent, row.outcome = ev.at, ev.agent, "talking"
        row.wait_s = float(d["wait_s"]) if "wait_s" in d else _seconds(ev.at, row.queued_at)
    elif kind == a.ABANDONED:
        row.ended_at, row.outcome, row.abandoned_while = ev.at, "abandoned", str(d.get("while", ""))
        row.wait_s = float(d["wait_s"]) if "wait_s" in d else _seconds(ev.at, row.queued_at)
    elif kind == a.OVERFLOWED:
        row.overflow_kind, row.overflow_target = str(d.get("kind", "")), str(d.get("target", ""))
        row.overflow_why = str(d.get("why", ""))
        if row.overflow_kind == "seat":
            row.outcome = "seat"
        else:
            row.outcome, row.ended_at = "overflowed", ev.at
            row.wait_s = float(d["wait_s"]) if "wait_s" in d else _seconds(ev.at, row.queued_at)
    elif kind in (a.ENDED, a.TRANSFERRED):
        if row.answered_at is None:
            return False
        row.ended_at = ev.at
        row.talk_s = float(d["talk_s"]) if "talk_s" in d else _seconds(ev.at, row.answered_at)
        row.outcome = "ended" if kind == a.ENDED else "transferred"
        if kind == a.TRANSFERRED:
            row.transferred_to = str(d.get("target", ""))
    else:
        return False
    row.updated_at = now
    return True
