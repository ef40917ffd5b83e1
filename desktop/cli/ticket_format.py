"""How ``hotline ticket`` prints a ticket: a few readable Chinese lines, or JSON with ``--json``.

A due time counted on a provisional calendar year (TicketView.provisional) is followed by （暂定）;
the list line ends with 时限暂定 when any of the ticket's due times is.
"""

from __future__ import annotations

import json
from typing import Any

from hotline.tickets.view import TicketView


def _t(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


PROVISIONAL = "（暂定）"


def _d(view: TicketView, name: str, moment: Any) -> str:
    """A due time, marked （暂定） when the view counted it on a provisional calendar year."""
    return _t(moment) + (PROVISIONAL if moment is not None and name in view.provisional else "")


def summary_line(view: TicketView) -> str:
    """One line: number, state, category, urgency, caller, content (shortened), 时限暂定 if so."""
    content = view.content if len(view.content) <= 30 else view.content[:29] + "…"
    return (
        f"{view.number}  {view.state.label}  {view.category.label}/{view.urgency.label}  "
        f"{view.caller_phone or '—'}  {content}" + ("  时限暂定" if view.provisional else "")
    )


def detail_lines(view: TicketView) -> list[str]:
    """The ticket as a short block of lines for a terminal."""
    lines = [
        f"工单 {view.number}  ({view.id})",
        f"  状态 {view.state.label}  类别 {view.category.label}  紧急程度 {view.urgency.label}  渠道 {view.channel.label}",
        f"  来电人 {view.caller_name or '—'}  电话 {view.caller_phone or '—'}  地址 {view.caller_address or '—'}",
        f"  诉求 {view.content}",
        f"  受理 {_t(view.created_at)}  转办时限 {_d(view, 'dispatch', view.dispatch_due)}  "
        f"办结时限 {_d(view, 'finish', view.finish_due)}",
    ]
    if view.first_response_due is not None:
        lines.append(f"  初步响应时限 {_d(view, 'first-response', view.first_response_due)}")
    for a in view.assignments:
        lines.append(
            f"  承办 {a.unit_id} [{a.role.label}] {a.status}  签收时限 {_d(view, f'sign:{a.unit_id}', a.sign_due)}  "
            f"办结时限 {_d(view, f'finish:{a.unit_id}', a.finish_due)}"
        )
    if view.callback_due is not None:
        lines.append(f"  回访时限 {_d(view, 'callback', view.callback_due)}")
    if view.provisional:
        lines.append("  注：标（暂定）的时限按法定节假日计算，该年官方放假安排公布后会重算 "
                     "(provisional: counted on the statutory holidays; recomputed when the official year is added)")
    if view.satisfaction is not None:
        lines.append(f"  满意度 {view.satisfaction.label}")
    if view.closed_at is not None:
        lines.append(f"  办结 {_t(view.closed_at)} ({view.closed_how})")
    for r in view.rejected:
        lines.append(f"  已拒绝的事件 {r.kind}: {r.reason}")
    return lines


def as_json(value: Any) -> str:
    """JSON for --json output (UTF-8, Chinese kept readable)."""
    from storage.codec import to_plain

    return json.dumps(to_plain(value), ensure_ascii=False, indent=None)


def clock_lines(clocks: list[Any]) -> list[str]:
    """The running clocks (hotline.tickets.watch.RunningClock) with their standing."""
    from hotline.tickets.dues import TITLES

    return [
        f"  时限 {TITLES.get(k.clock, k.clock)}{' ' + k.unit_id if k.unit_id else ''}  "
        f"{_t(k.due)}{PROVISIONAL if k.provisional else ''}  {k.status.label}"
        for k in clocks
    ]


def event_line(event: Any, status: str, reason: str) -> str:
    """One event of ``ticket show --events``; a calendar change says why and which due times moved."""
    from hotline.tickets.dues import title

    mark = "" if status == "accepted" else f"  [{status}: {reason}]"
    line = f"    {event.at:%Y-%m-%d %H:%M} {event.kind.value} by {event.actor}{mark}"
    if event.kind.value == "deadlines-recomputed":
        moves = "; ".join(
            f"{title(c['deadline'])} {_iso_t(c.get('from'))} → {_iso_t(c.get('to'))}"
            for c in event.data.get("changes", [])
        )
        line += f"\n      时限调整：{moves}（{event.data.get('reason', '')}）"
    return line


def _iso_t(iso: str | None) -> str:
    from datetime import datetime

    return _t(datetime.fromisoformat(iso)) if iso else "—"
