"""``hotline unit-user``: per-unit PostgreSQL login roles at the center (row-level security confines each).

    hotline unit-user create --unit qc.cgj [--role NAME] (--password-stdin | --out FILE) [--db URL]
    hotline unit-user rotate ROLE (--password-stdin | --out FILE) [--db URL]
    hotline unit-user drop ROLE [--db URL]
    hotline unit-user list [--db URL] [--json]

A password is never taken from the command line nor printed: ``--password-stdin`` reads it from the
first line of standard input; ``--out FILE`` makes a random one and writes it to FILE as a libpq password-file line
(``host:port:database:role:password``, mode 600: the unit's workstation uses it as ~/.pgpass or
PGPASSFILE), and the connection URL printed carries no password. Every change is
audited. See storage.unit_roles and storage.unit_policies.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from desktop.cli.central import in_center
from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``unit-user create|rotate|drop|list``."""
    p = subparsers.add_parser("unit-user", help="per-unit database users (PostgreSQL row-level security)")
    sub = p.add_subparsers(dest="unit_user_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="a login role for one unit")
    create.add_argument("--unit", required=True, help="unit code or id")
    create.add_argument("--role", help="role name (default hotline_u_<code>)")
    rotate = sub.add_parser("rotate", help="a new password for a unit's role")
    rotate.add_argument("role")
    drop = sub.add_parser("drop", help="unmap a role and take its login away")
    drop.add_argument("role")
    lst = sub.add_parser("list", help="every unit database user")
    for q in (create, rotate):
        q.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
        q.add_argument("--out", help="make a random password; write it to this file as a .pgpass line (mode 600)")
    for q in (create, rotate, drop, lst):
        q.add_argument("--db", help="the central database URL")
        q.add_argument("--actor", default="admin", help="who does it (audited)")
        q.add_argument("--json", action="store_true", help="print JSON")
    create.set_defaults(func=_create)
    rotate.set_defaults(func=_rotate)
    drop.set_defaults(func=_drop)
    lst.set_defaults(func=_list)


def _password(args: argparse.Namespace) -> str:
    from storage.unit_roles import new_password

    if bool(args.password_stdin) == bool(args.out):
        raise CommandError("give --password-stdin or --out FILE (a password is never an argument)")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("an empty password")
        return password
    return new_password()


def _write_url(args: argparse.Namespace, role: str, password: str) -> str:
    """Write the libpq password-file line for the role to ``--out`` (mode 600); the URL to use, without it."""
    from sqlalchemy.engine import make_url

    from storage.db import normalize_url

    url = make_url(normalize_url(args.db)).set(drivername="postgresql", username=role, password=None)

    def field(value: object) -> str:
        return str(value).replace("\\", "\\\\").replace(":", "\\:")

    line = ":".join(field(v) for v in (url.host or "localhost", url.port or 5432, url.database or "*", role, password))
    path = Path(args.out)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(line + "\n")
    os.chmod(path, 0o600)
    return f"password in {path} (a .pgpass line: PGPASSFILE={path}); connect with {url.render_as_string()}"


def _create(args: argparse.Namespace) -> int:
    from storage.unit_roles import UnitRoleError, create

    if not args.db:
        raise CommandError("--db URL of the central PostgreSQL is needed")
    password = _password(args)

    def work(uow: Any) -> Any:
        unit = _unit(uow, args.unit)
        made = create(uow.session, unit.id, unit.code, password, actor=args.actor, role_name=args.role)
        uow.audit.record(args.actor, "unit-db-user-create", "unit", unit.id, role=made.role_name)
        return made, unit

    made, unit = in_center(args.db, work, (UnitRoleError,))
    where = _write_url(args, made.role_name, password) if args.out else "password from stdin"
    _say(args, {"role": made.role_name, "unit": unit.code, "unit_id": unit.id},
         f"unit database user {made.role_name} for {unit.name} ({unit.code}) created; {where}")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    from storage.unit_roles import UnitRoleError, rotate

    if not args.db:
        raise CommandError("--db URL of the central PostgreSQL is needed")
    password = _password(args)

    def work(uow: Any) -> None:
        rotate(uow.session, args.role, password)
        uow.audit.record(args.actor, "unit-db-user-rotate", "db-role", args.role)

    in_center(args.db, work, (UnitRoleError,))
    where = _write_url(args, args.role, password) if args.out else "password from stdin"
    _say(args, {"role": args.role, "rotated": True}, f"unit database user {args.role}: new password; {where}")
    return 0


def _drop(args: argparse.Namespace) -> int:
    from storage.unit_roles import UnitRoleError, drop

    def work(uow: Any) -> bool:
        gone = drop(uow.session, args.role)
        uow.audit.record(args.actor, "unit-db-user-drop", "db-role", args.role, dropped=gone)
        return gone

    gone = in_center(args.db, work, (UnitRoleError,))
    _say(args, {"role": args.role, "dropped": gone},
         f"unit database user {args.role}: " + ("dropped" if gone else "unmapped, login disabled (it owns objects)"))
    return 0


def _list(args: argparse.Namespace) -> int:
    from storage.unit_roles import UnitRoleError, all_users

    rows = in_center(args.db, lambda uow: all_users(uow.session), (UnitRoleError,))
    if args.json:
        print(json.dumps([{"role": r, "unit_id": u, "set_at": t} for r, u, t in rows]))
    else:
        for r, u, t in rows:
            print(f"{r:40} {u} {t}")
    return 0


def _unit(uow: Any, code: str) -> Any:
    unit = uow.units.find(code)
    if unit is None:
        try:
            unit = uow.units.by_code(code)
        except ValueError as exc:  # hotline.units.UnitError
            raise CommandError(f"unknown unit {code!r}") from exc
    return unit


def _say(args: argparse.Namespace, data: dict[str, Any], line: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else line)
