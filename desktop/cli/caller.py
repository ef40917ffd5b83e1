"""``hotline caller``: the center's flags on callers' numbers — set, clear, show with their history.

    hotline caller flag NUMBER --reason TEXT [--kind nuisance] [--article TEXT] --actor NAME
    hotline caller unflag NUMBER --actor NAME [--kind nuisance] [--reason TEXT]
    hotline caller show NUMBER [--json] [--actor NAME]

``--db`` is the central database (default: the local working copy, the one-machine demo's center).
The number is taken in any form and kept canonical (hotline.phones), so ``+86 137-0000-0066`` and
``13700000066`` are one caller. Each set and clear goes to the change log (desks get it with their
next pull and show it in the screen pop) and is audited; so is every ``show`` (a view of the
caller). A number that is not one, an empty reason, an unknown kind, a second flag of the same kind
or clearing a number without one is a message in Chinese and exit status 2 (hotline.caller_flags.FlagError).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``hotline caller``."""
    p = subparsers.add_parser("caller", help="caller flags (骚扰电话): flag, unflag, show")
    sub = p.add_subparsers(dest="caller_command", metavar="ACTION", required=True)
    flag = sub.add_parser("flag", help="flag a number (the screen pop shows it on every desk)")
    flag.add_argument("number")
    flag.add_argument("--reason", required=True, help="why, e.g. 一周内拨打40余次辱骂话务员")
    flag.add_argument("--kind", default="nuisance", help="nuisance (骚扰电话)")
    flag.add_argument("--article", default=None, help="the article cited (default: 内蒙古第二十六条；凉山第二十四条)")
    flag.add_argument("--actor", required=True, help="the center user who sets it")
    flag.set_defaults(func=_flag)
    unflag = sub.add_parser("unflag", help="clear a number's flag (its history is kept)")
    unflag.add_argument("number")
    unflag.add_argument("--actor", required=True, help="the center user who clears it")
    unflag.add_argument("--kind", default=None, help="only this kind (default: every active flag)")
    unflag.add_argument("--reason", default="", help="why it is cleared")
    unflag.set_defaults(func=_unflag)
    show = sub.add_parser("show", help="a number's flags and their history (audited)")
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.add_argument("--actor", default="cli", help="who looks (recorded in the audit log)")
    show.set_defaults(func=_show)
    for q in (flag, unflag, show):
        q.add_argument("--db", help="central database URL (default: the local working copy)")


def _in_center(args: argparse.Namespace, work: Callable[[Any], Any]) -> Any:
    """Run ``work(uow)`` in one committed unit of work on the central database; errors become messages."""
    from desktop.cli.central import in_center
    from hotline.caller_flags import FlagError

    return in_center(args.db, work, (FlagError,))


def _checked_number(raw: str) -> str:
    """The canonical number, checked before the database is opened."""
    from hotline.caller_flags import FlagError, flag_number

    try:
        return flag_number(raw)
    except FlagError as exc:
        raise CommandError(str(exc)) from None


def _flag(args: argparse.Namespace) -> int:
    from hotline.caller_flags import FlagError, check_actor, check_reason, parse_kind

    number = _checked_number(args.number)
    try:
        check_reason(args.reason)
        check_actor(args.actor)
        parse_kind(args.kind)
    except FlagError as exc:
        raise CommandError(str(exc)) from None
    record = _in_center(args, lambda uow: uow.caller_flags.set(number, args.reason, actor=args.actor,
                                                               kind=args.kind, article=args.article))
    print(f"已标记 {record.number}：{record.kind.label}，{record.reason}（{record.article}）(caller flagged)")
    return 0


def _unflag(args: argparse.Namespace) -> int:
    number = _checked_number(args.number)
    cleared = _in_center(args, lambda uow: uow.caller_flags.clear(number, actor=args.actor, kind=args.kind,
                                                                  reason=args.reason))
    kinds = "、".join(getattr(r.kind, "label", str(r.kind)) for r in cleared)
    print(f"已解除 {number} 的{kinds}标记，记录保留 (flag cleared, history kept)")
    return 0


def _show(args: argparse.Namespace) -> int:
    number = _checked_number(args.number)

    def work(uow: Any) -> list[Any]:
        history = uow.caller_flags.history_for(number)
        uow.audit.record(args.actor or "cli", "view-caller", "caller", number, command="caller show",
                         shown=len(history))
        return history

    history = _in_center(args, work)
    rows = [_row(r) for r in reversed(history)]  # newest first
    if args.json:
        print(json.dumps({"number": number, "active": [r for r in rows if r["active"]], "history": rows},
                         ensure_ascii=False))
        return 0
    active = [r for r in rows if r["active"]]
    print(f"{number}：{'有效标记 ' + str(len(active)) + ' 条' if active else '无有效标记'} "
          f"({len(active)} active, {len(rows)} in history)")
    for r in rows:
        why = f"：{r['clear_reason']}" if r["clear_reason"] else ""
        state = "有效" if r["active"] else f"已解除 {_when(r['cleared_at'])} {r['cleared_by']}{why}"
        print(f"  [{state}] {r['kind_label']}：{r['reason']}（{r['set_by']} {_when(r['set_at'])} 标记，{r['article']}）")
    return 0


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _row(r: Any) -> dict[str, Any]:
    return {"id": r.id, "number": r.number, "kind": str(getattr(r.kind, "value", r.kind)),
            "kind_label": getattr(r.kind, "label", str(r.kind)), "reason": r.reason, "article": r.article,
            "set_by": r.set_by, "set_at": r.set_at.isoformat(), "cleared_by": r.cleared_by,
            "cleared_at": r.cleared_at.isoformat() if r.cleared_at else None, "clear_reason": r.clear_reason,
            "active": r.active}
