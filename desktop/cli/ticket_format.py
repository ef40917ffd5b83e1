"""How ``hotline ticket`` prints a ticket: a few readable Chinese lines, or JSON with ``--json``."""

from __future__ import annotations

import json
from typing import Any

from hotline.tickets.view import TicketView


def _t(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


def summary_line(view: TicketView) -> str:
    """One line: number, state, category, urgency, caller, content (shortened)."""
    content = view.content if len(view.content) <= 30 else view.content[:29] + "…"
    return (
        f"{view.number}  {view.state.label}  {view.category.label}/{view.urgency.label}  "
        f"{view.caller_phone or '—'}  {content}"
    )


def detail_lines(view: TicketView) -> list[str]:
    """The ticket as a short block of lines for a terminal."""
    lines = [
        f"工单 {view.number}  ({view.id})",
        f"  状态 {view.state.label}  类别 {view.category.label}  紧急程度 {view.urgency.label}  渠道 {view.channel.label}",
        f"  来电人 {view.caller_name or '—'}  电话 {view.caller_phone or '—'}  地址 {view.caller_address or '—'}",
        f"  诉求 {view.content}",
        f"  受理 {_t(view.created_at)}  转办时限 {_t(view.dispatch_due)}  办结时限 {_t(view.finish_due)}",
    ]
    if view.first_response_due is not None:
        lines.append(f"  初步响应时限 {_t(view.first_response_due)}")
    for a in view.assignments:
        lines.append(
            f"  承办 {a.unit_id} [{a.role.label}] {a.status}  签收时限 {_t(a.sign_due)}  办结时限 {_t(a.finish_due)}"
        )
    if view.callback_due is not None:
        lines.append(f"  回访时限 {_t(view.callback_due)}")
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


CLOCK_TITLES = {"dispatch": "转办", "sign": "签收", "finish": "办结", "first-response": "初步响应",
                "progress": "进度反馈", "callback": "回访"}


def clock_lines(clocks: list[Any]) -> list[str]:
    """The running clocks (hotline.tickets.watch.RunningClock) with their standing."""
    return [
        f"  时限 {CLOCK_TITLES.get(k.clock, k.clock)}{' ' + k.unit_id if k.unit_id else ''}  "
        f"{_t(k.due)}  {k.status.label}"
        for k in clocks
    ]
