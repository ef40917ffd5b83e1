"""The actions of ``hotline ticket ACTION ID``: their options and the events each one makes.

One table: an Action names the sub-command, its options, and a builder from the parsed options and
the ticket's current view to the events (built by hotline.tickets.commands).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hotline.tickets import commands as c

Builder = Callable[[argparse.Namespace, Any, Any, dict[str, Any]], list[Any]]


@dataclass(frozen=True)
class Action:
    """One ``hotline ticket`` action."""

    name: str
    help: str
    options: tuple[tuple[tuple[str, ...], dict[str, Any]], ...]
    build: Builder

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add this action's own options to its parser."""
        for flags, kw in self.options:
            parser.add_argument(*flags, **kw)


def _opt(*flags: str, **kw: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    return (flags, kw)


UNIT = _opt("--unit", required=True, help="the unit acting (unit id)")
REASON = _opt("--reason", required=True)
TEXT = _opt("--text", default="")


def _u(uow: Any, key: str | None) -> str | None:
    """A unit named by id or code (e.g. qc.rsj) -> its id; CommandError when the directory lacks it."""
    if key is None:
        return None
    unit = uow.units.find(key)
    if unit is None:
        from hotline.units import UnitError

        try:
            unit = uow.units.by_code(key)
        except UnitError:
            from desktop.cli.main import CommandError

            raise CommandError(f"unknown unit {key!r}: not in this database's unit directory") from None
    return unit.id


def _dispatch_units(uow: Any, specs: list[str]) -> list[str | tuple[str, str]]:
    """``U`` or ``U:role`` (role lead/assist/countersign/partner or 主办/协办/会签/双派), U an id or code."""
    out: list[str | tuple[str, str]] = []
    for spec in specs:
        key, _, role = spec.partition(":")
        unit_id = _u(uow, key) or key
        out.append((unit_id, role) if role else unit_id)
    return out


def _repeat(a: argparse.Namespace, v: Any, uow: Any, w: dict[str, Any]) -> list[Any]:
    from desktop.cli.ticket import resolve
    from hotline.policy_loader import load_profile

    original = resolve(uow, a.of)
    return c.link_as_repeat(v, original, load_profile(v.profile), a.actor, **w)


def _archive(a: argparse.Namespace, v: Any, uow: Any, w: dict[str, Any]) -> list[Any]:
    from desktop.cli.main import CommandError
    from storage.recording_archive import RecordingsNotArchivable, archive_manifest

    try:
        manifest = archive_manifest(uow.session, v.id)
    except RecordingsNotArchivable as exc:
        raise CommandError(str(exc)) from None
    return [c.archive(v.id, a.actor, recordings=manifest, **w)]


def _screen(a: argparse.Namespace, v: Any, uow: Any, w: dict[str, Any]) -> list[Any]:
    callback = a.callback
    if callback is None:  # the latest callback event
        ids = [e.id for e in uow.tickets.events(v.id) if e.kind.value == "called-back"]
        if not ids:
            from desktop.cli.main import CommandError

            raise CommandError("this ticket has no callback to screen")
        callback = ids[-1]
    return [c.screen(v.id, a.actor, callback_event_id=callback, reason=a.reason, **w)]


def _yes_no(yes: str, no: str, dest: str, help_yes: str, help_no: str) -> tuple:
    return _opt(yes, dest=dest, action="store_true", help=help_yes), _opt(no, dest=f"{dest}_no",
                                                                          action="store_true", help=help_no)


ACTIONS: tuple[Action, ...] = (
    Action("classify", "改类: correct category/urgency during intake",
           (_opt("--category"), _opt("--urgency")),
           lambda a, v, u, w: [c.classify(v.id, a.actor, category=a.category, urgency=a.urgency, **w)]),
    Action("answer", "直接答复 from a knowledge article (records its version)",
           (_opt("--article", required=True), _opt("--version", type=int, required=True), _opt("--answer", default="")),
           lambda a, v, u, w: [c.answer_directly(v.id, a.actor, article_id=a.article, article_version=a.version,
                                                 answer=a.answer, **w)]),
    Action("not-accept", "不予受理并解释引导 with a guidance class of the profile",
           (_opt("--class", dest="class_key", required=True), _opt("--guidance", default="")),
           lambda a, v, u, w: [c.not_accept(v.id, a.actor, class_key=a.class_key, guidance=a.guidance, **w)]),
    Action("emergency", "联动 110/119/120/122 or a utility line",
           (_opt("--line", required=True), _opt("--note", default="")),
           lambda a, v, u, w: [c.link_emergency(v.id, a.actor, line=a.line, note=a.note, **w)]),
    Action("repeat", "重复件: link this new ticket to an open one",
           (_opt("--of", required=True, help="the original ticket"),), _repeat),
    Action("dispatch", "派发 to one or more units",
           (_opt("--unit", action="append", required=True, help="U or U:role; repeat for several units"),
            _opt("--mode", default="single", help="single/lead-assist/countersign/dual"),
            _opt("--finish-days", type=float, help="a shorter limit written on the ticket")),
           lambda a, v, u, w: [c.dispatch(v.id, a.actor, units=_dispatch_units(u, a.unit), mode=a.mode,
                                          finish_days=a.finish_days, **w)]),
    Action("sign", "签收", (UNIT,), lambda a, v, u, w: [c.sign(v.id, a.actor, unit_id=_u(u, a.unit), **w)]),
    Action("return", "退回 outside the unit's remit",
           (UNIT, REASON, _opt("--basis", required=True, help="legal basis"), _opt("--suggest", default="")),
           lambda a, v, u, w: [c.return_ticket(v.id, a.actor, unit_id=_u(u, a.unit), reason=a.reason,
                                               legal_basis=a.basis, suggested_unit=a.suggest, **w)]),
    Action("review-return", "派单异议审核: approve or refuse a return",
           (*_yes_no("--approve", "--refuse", "approve", "approve the return", "refuse it"),
            _opt("--unit"), _opt("--note", default="")),
           lambda a, v, u, w: [c.review_return(v.id, a.actor, approved=a.approve and not a.approve_no,
                                               unit_id=_u(u, a.unit), note=a.note, **w)]),
    Action("extend", "延期申请", (UNIT, _opt("--days", type=float, required=True), REASON),
           lambda a, v, u, w: [c.request_extension(v.id, a.actor, unit_id=_u(u, a.unit), days=a.days, reason=a.reason,
                                                   **w)]),
    Action("decide-extension", "延期审批: grant or refuse",
           (*_yes_no("--grant", "--refuse", "grant", "grant it", "refuse it"), _opt("--days", type=float),
            _opt("--unit"), _opt("--note", default="")),
           lambda a, v, u, w: [c.decide_extension(v.id, a.actor, granted=a.grant and not a.grant_no, days=a.days,
                                                  unit_id=_u(u, a.unit), note=a.note, **w)]),
    Action("progress", "反馈进度 / 初步响应", (UNIT, TEXT),
           lambda a, v, u, w: [c.report_progress(v.id, a.actor, unit_id=_u(u, a.unit), text=a.text, **w)]),
    Action("assist-reply", "协办单位反馈主办单位", (UNIT, TEXT),
           lambda a, v, u, w: [c.assist_reply(v.id, a.actor, unit_id=_u(u, a.unit), text=a.text, **w)]),
    Action("reply", "承办单位答复", (UNIT, TEXT),
           lambda a, v, u, w: [c.reply(v.id, a.actor, unit_id=_u(u, a.unit), text=a.text, **w)]),
    Action("review", "答复审核: accept or send back for completion",
           (*_yes_no("--accept", "--send-back", "accept", "accept the reply", "send it back"),
            _opt("--note", default="")),
           lambda a, v, u, w: [c.review(v.id, a.actor, accepted=a.accept and not a.accept_no, note=a.note, **w)]),
    Action("callback", "回访",
           (_opt("--method", default="phone", help="sms/phone/network"),
            _opt("--unreached", action="store_true", help="the caller could not be reached"),
            _opt("--satisfaction", help="满意/基本满意/不满意"),
            _opt("--resolved", choices=["yes", "no"]), _opt("--note", default="")),
           lambda a, v, u, w: [c.call_back(v.id, a.actor, method=a.method, reached=not a.unreached,
                                           satisfaction=a.satisfaction,
                                           resolved=None if a.resolved is None else a.resolved == "yes",
                                           note=a.note, **w)]),
    Action("screen", "甄别: exclude a disputed rating",
           (_opt("--callback", help="callback event id (default: the latest)"), REASON), _screen),
    Action("redo", "重办", (REASON,), lambda a, v, u, w: [c.order_redo(v.id, a.actor, reason=a.reason, **w)]),
    Action("note-close", "备注办结", (REASON,),
           lambda a, v, u, w: [c.note_close(v.id, a.actor, reason=a.reason, **w)]),
    Action("terminate", "终结办理 with the unit's written opinion", (REASON,),
           lambda a, v, u, w: [c.terminate(v.id, a.actor, reason=a.reason, **w)]),
    Action("chase", "催办/督办 at a supervision level",
           (_opt("--level", required=True), _opt("--note", default="")),
           lambda a, v, u, w: [c.chase(v.id, a.actor, level=a.level, note=a.note, **w)]),
    Action("archive", "归档 with the manifest of its recordings (all verified at the center)", (), _archive),
    Action("link-call", "关联来电: another call (and its recording) about this ticket",
           (_opt("--call-id", required=True, help="the call's SIP Call-ID"),
            _opt("--interaction-id", default="", help="its recording's interaction id")),
           lambda a, v, u, w: [c.link_call(v.id, a.actor, call_id=a.call_id, interaction_id=a.interaction_id, **w)]),
)
