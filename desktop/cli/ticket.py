"""``hotline ticket``: create tickets, act on them, show and list them, on any database (--db URL).

Every action builds its event with hotline.tickets.commands, and the repository judges it with the
lifecycle before writing: an illegal step prints the named error and exits 3, writing nothing.
A ticket is named by its id or its number.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from desktop.cli.main import CommandError
from desktop.cli.ticket_actions import ACTIONS, Action
from desktop.cli.ticket_export import shown_to, unit_list
from desktop.cli.ticket_format import as_json, clock_lines, detail_lines, event_line, summary_line


def register(subparsers: Any) -> None:
    """Add ``hotline ticket ...``."""
    parser = subparsers.add_parser("ticket", help="create, act on, show and list tickets (工单)")
    sub = parser.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="受理: record a new request")
    _common(create)
    create.add_argument("--profile", default="national", help="jurisdiction profile id (default national)")
    create.add_argument("--category", required=True, help="咨询/求助/投诉/举报/意见建议 or English")
    create.add_argument("--urgency", default="normal", help="normal/special/emergency")
    create.add_argument("--channel", default="phone", help="phone/web/wechat/app/mailbox/higher-platform")
    create.add_argument("--content", required=True, help="诉求内容")
    create.add_argument("--phone", default="", help="caller's contact number, any form (stored canonical)")
    create.add_argument("--name", default="", help="caller's name")
    create.add_argument("--address", default="", help="caller's unit or address")
    create.add_argument("--matter-address", default="", help="涉事地址")
    create.add_argument("--seat", default="001", help="seat number used in the ticket number")
    create.add_argument("--call-id", default="", help="SIP Call-ID of the call the ticket is made during")
    create.add_argument("--interaction-id", default="", help="that call's recording (interaction id)")
    create.set_defaults(func=_create)

    for action in ACTIONS:
        p = sub.add_parser(action.name, help=action.help)
        _common(p)
        p.add_argument("ticket", help="ticket id or number")
        action.add_arguments(p)
        p.set_defaults(func=_make_runner(action))

    show = sub.add_parser("show", help="show one ticket")
    _common(show)
    show.add_argument("ticket", help="ticket id or number")
    show.add_argument("--events", action="store_true", help="also list its events and their verdicts")
    show.add_argument("--as-unit", help="look as this unit (code): caller masked unless the center granted it")
    show.set_defaults(func=_show)

    lst = sub.add_parser("list", help="list tickets")
    _common(lst)
    lst.add_argument("--phone", help="one caller's history, newest first, the number in any form")
    lst.add_argument("--state", action="append", default=[], help="filter by state (repeatable)")
    lst.add_argument("--unit", help="tickets assigned to this unit")
    lst.add_argument("--overdue", action="store_true", help="with --unit: the unit's overdue list")
    lst.add_argument("--open", action="store_true", help="open tickets only")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--as-unit", help="look as this unit (code): its tickets only, callers masked unless granted")
    lst.set_defaults(func=_list)

    from desktop.cli.ticket_export import register_export

    register_export(sub, _common)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="database URL (default: the local working copy)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--actor", default="cli", help="who acts (user or seat id)")
    p.add_argument("--origin", default="cli", help="workstation id recorded on the event")
    p.add_argument("--at", help="when it happened, ISO-8601 (default: now)")


def _open(args: argparse.Namespace) -> Any:
    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for, upgrade

    url = args.db or default_db_url()
    try:
        engine = engine_for(url)
        upgrade(engine)
    except (DatabaseError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    return engine


def _when(args: argparse.Namespace) -> dict[str, Any]:
    from hotline.timezone import parse_iso

    kw: dict[str, Any] = {"origin": args.origin}
    if args.at:
        try:
            kw["at"] = parse_iso(args.at)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    return kw


def _write(args: argparse.Namespace, build: Callable[[Any], list[Any]]) -> int:
    """Run ``build(uow)`` to get events, add them ticket by ticket, print the first ticket."""
    from hotline.tickets.errors import TransitionError
    from storage.uow import UnitOfWork

    engine = _open(args)
    try:
        with UnitOfWork(engine, origin=args.origin) as uow:
            events = build(uow)
            views = []
            for ticket_id in dict.fromkeys(e.ticket_id for e in events):
                views.append(uow.tickets.add([e for e in events if e.ticket_id == ticket_id]))
            uow.commit()
    except TransitionError as exc:
        raise CommandError(f"refused ({type(exc).__name__}): {exc}", code=3) from exc
    finally:
        engine.dispose()
    _print_view(args, views[0])
    return 0


def _print_view(args: argparse.Namespace, view: Any) -> None:
    print(as_json(view) if args.json else "\n".join(detail_lines(view)))


def _create(args: argparse.Namespace) -> int:
    from hotline.enums import Category, Channel, Urgency
    from hotline.policy_loader import load_profile
    from hotline.tickets import commands
    from hotline.timezone import now

    try:
        load_profile(args.profile)
        fields = {
            "category": Category.parse(args.category).value,
            "urgency": Urgency.parse(args.urgency).value,
            "channel": Channel.parse(args.channel).value,
        }
    except Exception as exc:  # PolicyError, ValueError: both say what is wrong
        raise CommandError(str(exc)) from exc
    phone = _typed_phone(args.phone)
    when = _when(args)

    def build(uow: Any) -> list[Any]:
        day = (when.get("at") or now()).date()
        try:
            number = next_number(uow, day, args.seat)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        intake = {
            "caller_phone": phone, "caller_phone_raw": args.phone, "caller_name": args.name,
            "caller_address": args.address, "matter_address": args.matter_address, "call_id": args.call_id,
            "interaction_id": args.interaction_id,
        }
        return [commands.create(
            args.actor, number=number, profile=args.profile,
            content=args.content, **fields, **{k: v for k, v in intake.items() if v}, **when,
        )]

    return _write(args, build)


def _typed_phone(raw: str) -> str:
    """A typed number in canonical form ("" stays ""); CommandError naming PhoneNumberInvalid's code."""
    from hotline.phones import PhoneNumberInvalid, normalize_phone

    if not raw.strip():
        return ""
    try:
        return normalize_phone(raw).canonical
    except PhoneNumberInvalid as exc:
        raise CommandError(f"{exc}") from exc


def next_number(uow: Any, day: Any, seat: str) -> str:
    """The next ticket number of ``seat`` on ``day`` (storage.ticket_service, shared with the desk)."""
    from storage.ticket_service import next_number as shared

    return shared(uow, day, seat)


def resolve(uow: Any, key: str) -> Any:
    """The ticket named by id or number (storage.ticket_service); CommandError when there is none."""
    from storage.ticket_service import resolve as shared
    from storage.tickets import TicketNotFound

    try:
        return shared(uow, key)
    except TicketNotFound:
        raise CommandError(f"no ticket {key!r} in this database") from None


def _make_runner(action: Action) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        when = _when(args)

        def build(uow: Any) -> list[Any]:
            view = resolve(uow, args.ticket)
            return action.build(args, view, uow, when)

        return _write(args, build)

    return run


def _show(args: argparse.Namespace) -> int:
    from hotline.policy_loader import load_profile
    from hotline.tickets.watch import running_clocks
    from hotline.timezone import now
    from storage.uow import UnitOfWork

    engine = _open(args)
    try:
        with UnitOfWork(engine, origin=args.origin) as uow:
            view = resolve(uow, args.ticket)
            events = uow.tickets.events(view.id) if args.events else []
            verdicts = uow.tickets.verdicts(view.id) if args.events else {}
            clocks = running_clocks(view, load_profile(view.profile), uow.calendar.load(),
                                    _when(args).get("at") or now())
            view, events = shown_to(uow, args, view, events, "ticket show")
            uow.commit()
    finally:
        engine.dispose()
    if args.json:
        payload: dict[str, Any] = {"ticket": view, "clocks": clocks}
        if args.events:
            payload["events"] = [
                {**e.to_json(), "status": verdicts[e.id][0], "reason": verdicts[e.id][1]} for e in events
            ]
        print(as_json(payload))
        return 0
    print("\n".join(detail_lines(view) + clock_lines(clocks)))
    for e in events:
        print(event_line(e, *verdicts[e.id]))
    return 0


def _list(args: argparse.Namespace) -> int:
    from hotline.timezone import now
    from storage.tickets import TicketFilter
    from storage.uow import UnitOfWork

    if args.overdue and not args.unit:
        raise CommandError("--overdue needs --unit")
    if args.as_unit and args.phone:
        raise CommandError("a unit cannot look tickets up by the caller's number (--as-unit with --phone)")
    engine = _open(args)
    try:
        with UnitOfWork(engine, origin=args.origin) as uow:
            if args.as_unit:
                views = unit_list(uow, args, TicketFilter(states=tuple(args.state), open_only=args.open,
                                                          limit=args.limit))
                uow.commit()
            elif args.phone:
                from hotline.phones import canonical_phone

                views = uow.tickets.history_for_caller(args.phone, limit=args.limit)
                uow.audit.record(args.actor, "view-caller", "caller", canonical_phone(args.phone),
                                 command="ticket list --phone", given=args.phone)
                uow.commit()
            elif args.overdue:
                at = _when(args).get("at") or now()
                views = uow.tickets.overdue_for_unit(args.unit, at, limit=args.limit)
            else:
                views = uow.tickets.list(TicketFilter(
                    states=tuple(args.state), unit_id=args.unit, open_only=args.open, limit=args.limit))
    finally:
        engine.dispose()
    if args.json:
        print(as_json(views))
    else:
        for v in views:
            print(summary_line(v))
        print(f"({len(views)} 件)")
    return 0

