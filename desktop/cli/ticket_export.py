"""Caller privacy in the ticket commands: ``--as-unit`` look-ups and ``hotline ticket export``.

    hotline ticket show NUMBER --as-unit qc.cgj        # refused unless assigned to it; caller masked unless granted
    hotline ticket list --as-unit qc.cgj [--open]      # the unit's tickets, callers masked unless granted
    hotline ticket export [--as-unit CODE] [--unit CODE] [--state S] [--open] [--format csv|json] [--out FILE]

Every look-up and every export is audited (storage.caller_access); an export masks a confidential
reporter's identity (举报人保密) even for the center, and a unit's export carries only its tickets.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError

COLUMNS = ("number", "state", "category", "urgency", "created_at", "caller_name", "caller_phone",
           "caller_address", "matter_address", "content", "finish_due", "closed_at")


def register_export(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``ticket export``."""
    p = sub.add_parser("export", help="export tickets (CSV/JSON), the caller's identity as the viewer may see it")
    common(p)
    p.add_argument("--as-unit", help="export as this unit (code): its tickets, callers masked unless granted")
    p.add_argument("--unit", help="only tickets assigned to this unit (center export)")
    p.add_argument("--state", action="append", default=[], help="filter by state (repeatable)")
    p.add_argument("--open", action="store_true", help="open tickets only")
    p.add_argument("--limit", type=int, default=10000)
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--out", help="write to this file (default: standard output)")
    p.set_defaults(func=_export)


def viewer_of(uow: Any, args: argparse.Namespace) -> Any:
    """The Viewer for ``--as-unit`` (a unit, by code or id) or the center."""
    from hotline.privacy import Viewer

    code = getattr(args, "as_unit", None)
    if not code:
        return Viewer(args.actor)
    return Viewer(args.actor, unit_id_of(uow, code))


def shown_to(uow: Any, args: argparse.Namespace, view: Any, events: list[Any], command: str) -> tuple[Any, list]:
    """The ticket (and its events) as the viewer may see them, audited; a refusal is audited, then raised."""
    from hotline.privacy import IDENTITY_FIELDS
    from storage.caller_access import AccessRefused, present

    viewer = viewer_of(uow, args)
    try:
        shown = present(uow, view, viewer, command)
    except AccessRefused as exc:
        uow.commit()
        raise CommandError(str(exc)) from None
    if shown is not view:  # masked: the events' intake data must not carry the identity either
        events = [replace(e, data={k: v for k, v in e.data.items() if k not in IDENTITY_FIELDS}) for e in events]
    return shown, events


def unit_list(uow: Any, args: argparse.Namespace, flt: Any) -> list[Any]:
    """The unit's tickets for ``ticket list --as-unit``, masked unless granted; one audit entry per listing."""
    from storage.caller_access import granted, mask_view

    viewer = viewer_of(uow, args)
    views = uow.tickets.list(replace(flt, unit_id=viewer.unit_id))
    out = [v if granted(uow.session, v.id, viewer.unit_id) else mask_view(v) for v in views]
    uow.audit.record(args.actor, "list-tickets", "unit", viewer.unit_id, command="ticket list --as-unit",
                     tickets=[v.id for v in out], unmasked=[v.id for v, o in zip(views, out, strict=True) if o is v])
    return out


def _export(args: argparse.Namespace) -> int:
    from desktop.cli.ticket import _open
    from storage.caller_access import for_export
    from storage.codec import to_plain
    from storage.tickets import TicketFilter
    from storage.uow import UnitOfWork

    engine = _open(args)
    try:
        with UnitOfWork(engine, origin=args.origin) as uow:
            viewer = viewer_of(uow, args)
            unit = viewer.unit_id or (unit_id_of(uow, args.unit) if args.unit else None)
            views = uow.tickets.list(TicketFilter(states=tuple(args.state), unit_id=unit, open_only=args.open,
                                                  limit=args.limit))
            views = for_export(uow, views, viewer, "ticket export")
            uow.commit()
    finally:
        engine.dispose()
    rows = [{c: _cell(to_plain(getattr(v, c))) for c in COLUMNS} for v in views]
    if args.format == "json":
        text = json.dumps(rows, ensure_ascii=False)
    else:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        text = buf.getvalue()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(rows)} 件 → {args.out}")
    else:
        print(text)
    return 0


def unit_id_of(uow: Any, code: str) -> str:
    """The id of the unit named by id or code, or CommandError naming it."""
    unit = uow.units.find(code)
    if unit is None:
        try:
            unit = uow.units.by_code(code)
        except ValueError:
            raise CommandError(f"unknown unit {code!r}") from None
    return unit.id


def _cell(value: Any) -> Any:
    return value if value is not None else ""
