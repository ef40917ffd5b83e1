"""``hotline privacy``: the center's decisions on a caller's identity for one ticket (storage.caller_access).

    hotline privacy confidential TICKET --reason "举报人要求保密" [--db URL]   # for good: no unit ever sees it
    hotline privacy grant TICKET --unit qc.cgj --reason "需联系来电人核实" [--db URL]
    hotline privacy revoke TICKET --unit qc.cgj [--db URL]
    hotline privacy show TICKET [--db URL] [--json]

Each decision is audited. A grant on a confidential ticket is refused (exit 2).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.central import in_center
from desktop.cli.main import CommandError
from desktop.cli.ticket_export import unit_id_of


def register(subparsers: Any) -> None:
    """Add ``privacy confidential|grant|revoke|show``."""
    p = subparsers.add_parser("privacy", help="caller identity: confidential, grant or revoke for a unit")
    sub = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    for name, helptext in (("confidential", "the reporter asked for confidentiality (举报人保密)"),
                           ("grant", "let one unit see the caller of this ticket"),
                           ("revoke", "take a grant back"), ("show", "the decisions on this ticket")):
        q = sub.add_parser(name, help=helptext)
        q.add_argument("ticket", help="ticket id or number")
        if name in ("grant", "revoke"):
            q.add_argument("--unit", required=True, help="unit code or id")
        if name != "show":
            q.add_argument("--reason", default="", help="why (audited)")
        q.add_argument("--db", help="database URL (default: the local working copy)")
        q.add_argument("--actor", default="admin", help="who decides (audited)")
        q.add_argument("--json", action="store_true")
        q.set_defaults(func=_show if name == "show" else _decide, kind=name)


def _decide(args: argparse.Namespace) -> int:
    from storage.caller_access import AccessRefused, decide

    def work(uow: Any) -> str:
        view = _ticket(uow, args.ticket)
        unit_id = unit_id_of(uow, args.unit) if getattr(args, "unit", None) else None
        decide(uow, view.id, args.kind, args.actor, unit_id=unit_id, reason=args.reason)
        return str(view.number)

    number = in_center(args.db, work, (AccessRefused, ValueError))
    print(json.dumps({"ticket": number, "decision": args.kind}) if args.json else f"{number}: {args.kind}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from storage.guard_tables import CallerAccessRow

    def work(uow: Any) -> list[dict[str, Any]]:
        view = _ticket(uow, args.ticket)
        rows = uow.session.scalars(select(CallerAccessRow).where(CallerAccessRow.ticket_id == view.id)
                                   .order_by(CallerAccessRow.decided_at))
        return [{"kind": r.kind, "unit_id": r.unit_id, "by": r.decided_by, "at": r.decided_at.isoformat(),
                 "reason": r.reason} for r in rows]

    rows = in_center(args.db, work, (ValueError,))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['at']} {r['kind']:12} {r['unit_id'] or '-'} by {r['by']} {r['reason']}")
    return 0


def _ticket(uow: Any, key: str) -> Any:
    from storage.ticket_service import resolve
    from storage.tickets import TicketNotFound

    try:
        return resolve(uow, key)
    except TicketNotFound:
        raise CommandError(f"no ticket {key!r} in this database") from None
