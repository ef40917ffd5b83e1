"""Runs the demo stories on a database and tells what happened, step by step, then the KPIs.

Each step goes through the same path as the desk and the CLI: an event built by
hotline.tickets.commands, judged by the lifecycle, written with its outbox row in one unit of work.
A step the story expects to be refused must be refused (and is shown with its reason); any other
refusal stops the demo with an error, so the demo doubles as an end-to-end check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from desktop.cli.ticket import next_number
from desktop.demo.scenarios import STORIES, Step, Story
from hotline.policy_loader import load_profile
from hotline.tickets import commands
from hotline.tickets.errors import TransitionError
from hotline.tickets.view import TicketView
from hotline.timezone import CST, parse_iso
from storage.uow import UnitOfWork


class DemoBroken(RuntimeError):
    """A story did not go as written: an unexpected refusal, or a refusal that did not come."""


@dataclass
class DemoResult:
    """What the demo did: tickets per profile, steps written, refusals shown."""

    tickets: dict[str, list[str]] = field(default_factory=dict)
    written: int = 0
    refused: int = 0


def _fmt(moment: datetime | None, view: TicketView | None = None, name: str = "") -> str:
    """``MM-DD HH:MM``; with the view and the due time's name, （暂定） when counted on a provisional year."""
    if moment is None:
        return "—"
    mark = "（暂定）" if view is not None and name in view.provisional else ""
    return moment.astimezone(CST).strftime("%m-%d %H:%M") + mark


def _resolve_options(step: Step, uow: UnitOfWork, keys: dict[str, str]) -> dict[str, Any]:
    opts = dict(step.options)
    if "unit" in opts:
        opts["unit_id"] = uow.units.by_code(opts.pop("unit")).id
    if "units" in opts:
        opts["units"] = [uow.units.by_code(code).id for code in opts["units"]]
    return opts


def _events(step: Step, story: Story, uow: UnitOfWork, keys: dict[str, str]) -> list[Any]:
    at = parse_iso(step.at)
    opts = _resolve_options(step, uow, keys)
    if step.action == "create":
        seat = "".join(ch for ch in step.actor if ch.isdigit())[-3:] or "001"
        event = commands.create(step.actor, number=next_number(uow, at.date(), seat), profile=story.profile,
                                at=at, origin="demo", **opts)
        keys[step.ticket] = event.ticket_id
        return [event]
    ticket_id = keys[step.ticket]
    if step.action == "link_as_repeat":
        original = uow.tickets.get(keys[opts.pop("of")])
        return commands.link_as_repeat(uow.tickets.get(ticket_id), original, load_profile(story.profile),
                                       step.actor, at=at, origin="demo")
    builder: Callable[..., Any] = getattr(commands, step.action)
    return [builder(ticket_id, step.actor, at=at, origin="demo", **opts)]


def _describe(view: TicketView, names: dict[str, str]) -> str:
    parts = [f"→ {view.state.label}"]
    if view.state.value == "intake" and view.dispatch_due:
        parts.append(f"转办时限 {_fmt(view.dispatch_due, view, 'dispatch')}")
    for a in view.assignments:
        if a.status in ("dispatched", "signed"):
            sign = _fmt(a.sign_due, view, f"sign:{a.unit_id}")
            due = f"签收 {sign}" if a.status == "dispatched" and a.sign_due else ""
            finish = _fmt(a.finish_due, view, f"finish:{a.unit_id}")
            parts.append(f"[{names.get(a.unit_id, a.unit_id)} {a.status} {due} 办结 {finish}]".replace("  ", " "))
    if view.first_response_due and view.is_open:
        parts.append(f"初步响应 {_fmt(view.first_response_due, view, 'first-response')}")
    if view.callback_due and view.state.value == "awaiting-callback":
        parts.append(f"回访时限 {_fmt(view.callback_due, view, 'callback')}")
    if view.satisfaction is not None and view.state.value in ("awaiting-callback", "closed", "processing"):
        parts.append(f"回访评价 {view.satisfaction.label}")
    if view.chase_level:
        parts.append(f"督办级别 {view.chase_level}")
    if view.closed_how and not view.is_open:
        parts.append(f"({view.closed_how})")
    return "  ".join(parts)


def run_story(engine: Engine, story: Story, out: Callable[[str], None], result: DemoResult) -> None:
    """Play one story, printing each step; raises DemoBroken when it does not go as written."""
    profile = load_profile(story.profile)
    out(f"\n== {story.title}\n   规则: {profile.document}")
    keys: dict[str, str] = {}
    with UnitOfWork(engine) as uow:
        names = {u.id: u.short_name or u.name for u in uow.units.all()}
    for step in story.steps:
        with UnitOfWork(engine, origin="demo") as uow:
            events = _events(step, story, uow, keys)
            try:
                views = [uow.tickets.add([e for e in events if e.ticket_id == t])
                         for t in dict.fromkeys(e.ticket_id for e in events)]
            except TransitionError as exc:
                if not step.expect_refusal:
                    raise DemoBroken(f"{story.profile}: {step.action} at {step.at} refused: {exc}") from exc
                out(f"   {step.at[5:16].replace('T', ' ')}  {step.actor:<13} {step.action:<18} ✗ 拒绝: {exc}")
                result.refused += 1
                continue
            if step.expect_refusal:
                raise DemoBroken(f"{story.profile}: {step.action} at {step.at} should have been refused")
            uow.commit()
        result.written += len(events)
        view = views[0]
        if step.action == "create":
            result.tickets.setdefault(story.profile, []).append(view.id)
            out(f"   {step.at[5:16].replace('T', ' ')}  {step.actor:<13} 受理 {view.number} "
                f"{view.category.label}/{view.urgency.label}: {view.content}")
        out(f"   {step.at[5:16].replace('T', ' ')}  {step.actor:<13} {step.action:<18} {_describe(view, names)}")


def run_demo(engine: Engine, out: Callable[[str], None] = print) -> DemoResult:
    """Play every story, then print the month's KPIs per profile."""
    from hotline import kpis

    result = DemoResult()
    for story in STORIES:
        run_story(engine, story, out, result)
    out("\n== 考核指标 (2026-09-01 至 2026-12-01)")
    start, end = parse_iso("2026-09-01T00:00"), parse_iso("2026-12-01T00:00")
    with UnitOfWork(engine) as uow:
        for profile, ids in result.tickets.items():
            views = [uow.tickets.get(i) for i in ids]
            rates = "  ".join(
                f"{r.name} {r.numerator}/{r.denominator}" + (f"={r.rate:.0%}" if r.rate is not None else "")
                for r in kpis.all_rates(views, start, end)
            )
            out(f"   {profile:<15} {rates}")
    out(f"\n{result.written} events written, {result.refused} steps refused as the rules require.")
    return result
