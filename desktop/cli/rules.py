"""``hotline rules``: ask a jurisdiction profile for a due time, or show its clocks and flags.

``hotline rules due --profile P --clock C --category K [--urgency U] --from ISO`` prints one
ISO-8601 line (+08:00), or exits with status 2 and the reason (with its article) on stderr. A due
time counted on a provisional calendar year (no official holiday notice yet) is followed by ``暂定``
on that line, and stderr says which year and how to add it; ``--json`` prints
``{"due", "clock", "span", "article", "provisional"}``.
``hotline rules show P [--json]`` lists the clocks with their articles and the flags.
``hotline rules list`` prints the shipped profile ids. Imports no SQLAlchemy.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``rules`` with its ``due``, ``show`` and ``list`` sub-commands."""
    parser = subparsers.add_parser("rules", help="jurisdiction rules: due times, clocks, flags")
    sub = parser.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    due = sub.add_parser("due", help="print the due time of a clock as one ISO-8601 line")
    due.add_argument("--profile", required=True, help="profile id or path of a profile TOML")
    due.add_argument("--clock", required=True, help="dispatch, sign, return, finish, extension, ...")
    due.add_argument("--category", required=True, help="咨询/求助/投诉/举报/意见建议 or English")
    due.add_argument("--urgency", default="normal", help="normal, special or emergency")
    due.add_argument("--from", dest="start", required=True, help="start time, ISO-8601 (CST if no offset)")
    due.add_argument("--db", default=None, help="use this database's work calendar (default: the shipped one)")
    due.add_argument("--json", action="store_true", help="machine-readable output, with \"provisional\"")
    due.set_defaults(func=_due)

    show = sub.add_parser("show", help="list a profile's clocks with their articles, and its flags")
    show.add_argument("profile", help="profile id or path of a profile TOML")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=_show)

    lst = sub.add_parser("list", help="list the shipped profile ids")
    lst.set_defaults(func=_list)


def _load(name: str) -> Any:
    from hotline.policy import PolicyError
    from hotline.policy_loader import load_profile

    try:
        return load_profile(name)
    except PolicyError as exc:
        raise CommandError(str(exc)) from None


def _due(args: argparse.Namespace) -> int:
    from hotline.deadlines import due_info
    from hotline.enums import Category, Urgency
    from hotline.policy import ClockUnavailable
    from hotline.timezone import parse_iso
    from hotline.workcalendar import CalendarYearMissing, default_calendar

    profile = _load(args.profile)
    try:
        category = Category.parse(args.category)
        urgency = Urgency.parse(args.urgency)
        start = parse_iso(args.start)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    calendar = _stored_calendar(args.db) if args.db else default_calendar()
    try:
        result = due_info(profile, calendar, args.clock, category, urgency, start)
    except (ClockUnavailable, CalendarYearMissing, ValueError) as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        span = {"amount": result.span.amount, "unit": result.span.unit}
        print(json.dumps({"due": result.at.isoformat(), "clock": result.clock, "span": span,
                          "article": result.article, "provisional": result.provisional}, ensure_ascii=False))
        return 0
    print(f"{result.at.isoformat()} 暂定" if result.provisional else result.at.isoformat())
    if result.provisional:
        years = sorted(y for y in range(start.year, result.at.year + 1) if calendar.is_provisional(y))
        print(_provisional_note(years), file=sys.stderr)
    return 0


def _provisional_note(years: list[int]) -> str:
    names = "、".join(map(str, years))
    return (
        f"暂定：{names} 年尚无官方放假安排，按法定节假日计算（无调休），官方日历公布后以 "
        f"hotline db add-year {years[0]} 文件.csv 载入 (provisional: no official calendar for "
        f"{', '.join(map(str, years))} yet; counted on the statutory holidays without make-up days; "
        f"add the official year with 'hotline db add-year {years[0]} FILE.csv')"
    )


def _stored_calendar(url: str) -> Any:
    """The work calendar kept in a database (the center may have added years the package lacks)."""
    from storage.db import DatabaseError, engine_for, upgrade
    from storage.uow import UnitOfWork

    try:
        engine = engine_for(url)
        upgrade(engine)
    except (DatabaseError, ValueError) as exc:
        raise CommandError(str(exc)) from None
    try:
        with UnitOfWork(engine) as uow:
            return uow.calendar.load()
    finally:
        engine.dispose()


def _entry(entry: Any) -> dict[str, Any]:
    from hotline.policy import Forbidden, Span

    if isinstance(entry, Span):
        out = {"kind": "span", "amount": entry.amount, "unit": entry.unit, "article": entry.article}
        if entry.note:
            out["note"] = entry.note
        return out
    kind = "forbidden" if isinstance(entry, Forbidden) else "unset"
    return {"kind": kind, "reason": entry.reason, "article": entry.article}


def describe(profile: Any) -> dict[str, Any]:
    """The profile as plain data (what ``show --json`` prints)."""
    clocks = {}
    for name, rule in profile.clocks.items():
        clocks[name] = {
            "title": rule.title,
            "starts": rule.starts,
            "default": _entry(rule.default) if rule.default is not None else None,
            "by_category": {c.value: _entry(e) for c, e in rule.by_category.items()},
            "by_urgency": {u.value: _entry(e) for u, e in rule.by_urgency.items()},
        }
    flag_names = (
        "return_requires_review", "late_return_counts_overdue", "extension_approver",
        "extension_tell_caller", "callback_sms_first", "redo_on_unsatisfied", "note_close_allowed",
        "screening_allowed", "terminate_allowed", "repeated_same_matter",
    )
    return {
        "id": profile.id,
        "name": profile.name,
        "document": profile.document,
        "working_hours": [f"{b:%H:%M}-{e:%H:%M}" for b, e in profile.working_hours],
        "working_hours_article": profile.working_hours_article,
        "due_soon": {"fraction": profile.due_soon_fraction, "article": profile.due_soon_article},
        "clocks": clocks,
        "flags": {n: {"value": getattr(profile, n).value, "article": getattr(profile, n).article} for n in flag_names},
        "multi_unit_modes": {m.value: a for m, a in profile.multi_unit_modes.items()},
        "supervision_levels": [{"key": s.key, "label": s.label, "article": s.article} for s in profile.supervision_levels],
        "guidance_classes": [
            {"key": g.key, "label": g.label, "kind": g.kind, "guidance": g.guidance, "article": g.article}
            for g in profile.guidance_classes
        ],
        "targets": {k: {"value": v.value, "article": v.article} for k, v in profile.targets.items()},
        "notes": [{"text": n.value, "article": n.article} for n in profile.notes],
    }


def _text(entry: dict[str, Any]) -> str:
    units = {"working_days": "个工作日", "working_hours": "工作小时", "hours": "小时"}
    if entry["kind"] == "span":
        amount = entry["amount"]
        shown = int(amount) if float(amount).is_integer() else amount
        return f"{shown}{units[entry['unit']]}（{entry['article']}）"
    word = "不适用" if entry["kind"] == "forbidden" else "未定时限"
    return f"{word}：{entry['reason']}（{entry['article']}）"


def _show(args: argparse.Namespace) -> int:
    data = describe(_load(args.profile))
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{data['name']} [{data['id']}] {data['document']}")
    print(f"工作时间 {', '.join(data['working_hours'])}（{data['working_hours_article']}）")
    print("时限:")
    for name, clock in data["clocks"].items():
        print(f"  {name} {clock['title']}（起算：{clock['starts']}）")
        if clock["default"]:
            print(f"    默认: {_text(clock['default'])}")
        for key, entry in clock["by_category"].items():
            print(f"    {key}: {_text(entry)}")
        for key, entry in clock["by_urgency"].items():
            print(f"    {key}: {_text(entry)}")
    print("规则:")
    for name, flag in data["flags"].items():
        print(f"  {name} = {json.dumps(flag['value'], ensure_ascii=False)}（{flag['article']}）")
    modes = "，".join(f"{m}（{a}）" for m, a in data["multi_unit_modes"].items())
    print(f"  multi_unit_modes: {modes}")
    for name, target in data["targets"].items():
        print(f"  target {name} = {target['value']}（{target['article']}）")
    levels = " → ".join(f"{s['label']}（{s['article']}）" for s in data["supervision_levels"])
    print(f"督办: {levels}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from hotline.policy_loader import profile_ids

    for pid in profile_ids():
        print(pid)
    return 0
