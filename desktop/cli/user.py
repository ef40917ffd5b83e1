"""``hotline user``: accounts at the center — add, change a password, list, disable, enable.

    hotline user add LOGIN --role agent [--sip 1001] [--unit CODE] [--name 张三] [--password-stdin]
    hotline user passwd LOGIN [--password-stdin]
    hotline user list [--json]
    hotline user disable LOGIN | enable LOGIN

``--db`` is the central database (default: the local working copy, the one-machine demo's center).
A password is never taken from the command line: with ``--password-stdin`` (or when stdin is not a
terminal) the first line of stdin is read, otherwise it is asked twice without echo. Each write goes to
the change log, so desks get the account (as hashes, without the SIP HA1) with their next pull.
Nothing prints a hash. An unknown role or unit, an empty password, a taken login or extension is a
message and exit status 2 (storage.accounts, hotline.accounts.AccountError).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``hotline user``."""
    p = subparsers.add_parser("user", help="accounts: add, passwd, list, disable, enable")
    sub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="a new account (password from stdin or asked)")
    add.add_argument("login")
    add.add_argument("--role", required=True,
                     help="agent, specialist, team-lead, supervisor, unit-handler, center-admin (or 话务员, 班长…)")
    add.add_argument("--sip", default=None, help="the extension its phone registers as, e.g. 1001")
    add.add_argument("--unit", default=None, help="unit code (a unit handler's unit), e.g. qc.cgj")
    add.add_argument("--name", default="", help="display name, e.g. 张三")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    add.set_defaults(func=_add)
    passwd = sub.add_parser("passwd", help="set a new password (and the SIP HA1)")
    passwd.add_argument("login")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(func=_passwd)
    listing = sub.add_parser("list", help="every account (no hashes)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_list)
    for name, helptext in (("disable", "refuse its sign-ins and SIP registration"), ("enable", "accept it again")):
        q = sub.add_parser(name, help=helptext)
        q.add_argument("login")
        q.set_defaults(func=_disable if name == "disable" else _enable)
    for q in (add, passwd, listing, *[sub.choices[n] for n in ("disable", "enable")]):
        q.add_argument("--db", help="central database URL (default: the local working copy)")


def _password(args: argparse.Namespace) -> str:
    from hotline.accounts import AccountError, check_password

    if args.password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass("密码 (password): ")
        if getpass.getpass("再输入一次 (again): ") != password:
            raise CommandError("两次输入的密码不一致 (the passwords differ)")
    try:
        return check_password(password)
    except AccountError as exc:
        raise CommandError(str(exc)) from None


def _in_center(args: argparse.Namespace, work: Callable[[Any], Any]) -> Any:
    """Run ``work(uow)`` in one committed unit of work on the central database; errors become messages."""
    from desktop.cli.central import in_center
    from hotline.accounts import AccountError
    from hotline.units import UnitError

    return in_center(args.db, work, (AccountError, UnitError))


def _add(args: argparse.Namespace) -> int:
    from hotline.accounts import check_login, check_sip_user, parse_role

    try:
        login, role, sip = check_login(args.login), parse_role(args.role), check_sip_user(args.sip)
    except Exception as exc:  # AccountError: checked before the password is asked for
        raise CommandError(str(exc)) from None
    password = _password(args)

    def work(uow: Any) -> Any:
        unit_id = uow.units.by_code(args.unit).id if args.unit else None
        return uow.accounts.create(login, password, role, display_name=args.name, unit_id=unit_id, sip_user=sip)

    account = _in_center(args, work)
    phone = f"，分机 {account.sip_user}" if account.sip_user else ""
    print(f"已创建账号 {account.login}（{account.role.label}{phone}）(account created)")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    password = _password(args)
    account = _in_center(args, lambda uow: uow.accounts.set_password(args.login, password))
    print(f"已更新 {account.login} 的密码 (password changed)")
    return 0


def _disable(args: argparse.Namespace) -> int:
    account = _in_center(args, lambda uow: uow.accounts.disable(args.login))
    print(f"已停用账号 {account.login} (account disabled)")
    return 0


def _enable(args: argparse.Namespace) -> int:
    account = _in_center(args, lambda uow: uow.accounts.enable(args.login))
    print(f"已启用账号 {account.login} (account enabled)")
    return 0


def _list(args: argparse.Namespace) -> int:
    def work(uow: Any) -> list[dict[str, Any]]:
        codes = {u.id: u.code for u in uow.units.all()}
        return [{"id": a.id, "login": a.login, "display_name": a.display_name, "role": a.role.value,
                 "role_label": a.role.label, "unit": codes.get(a.unit_id or "", None), "sip_user": a.sip_user,
                 "disabled": a.disabled, "panes": list(a.panes)} for a in uow.accounts.all()]

    rows = _in_center(args, work)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("没有账号 (no accounts)")
    for r in rows:
        state = "停用" if r["disabled"] else "启用"
        print(f"{r['login']:<12} {r['display_name'] or '-':<12} {r['role_label']:<8} {r['sip_user'] or '-':<6} "
              f"{r['unit'] or '-':<10} {state}")
    return 0
