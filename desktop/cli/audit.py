"""``hotline audit``: check the audit log's hash chains, list a subject's or an actor's entries.

    hotline audit verify [--db URL] [--json]       # exit 0: every chain intact; 1: problems, each named
    hotline audit list --subject ticket:ID | --actor LOGIN [--db URL] [--json]

``verify`` reports each changed, inserted or removed entry as ``KIND origin=O seq=N id=ID  why``
(storage.audit_chain) and exits with status 1 when there is any; 2 when the database cannot be read.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``audit verify`` and ``audit list``."""
    p = subparsers.add_parser("audit", help="the audit log: verify its hash chains, list entries")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="find changed, inserted or removed entries (exit 1 if any)")
    lst = sub.add_parser("list", help="entries about a subject (kind:id) or by an actor")
    lst.add_argument("--subject", help="kind:id, e.g. ticket:0190…")
    lst.add_argument("--actor", help="a login")
    for q in (verify, lst):
        q.add_argument("--db", help="database URL (default: the local working copy)")
        q.add_argument("--json", action="store_true", help="print JSON")
    verify.set_defaults(func=_verify)
    lst.set_defaults(func=_list)


def _session(args: argparse.Namespace) -> Any:
    from sqlalchemy.orm import Session

    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for, is_current

    try:
        engine = engine_for(args.db or default_db_url())
        if not is_current(engine):
            raise CommandError("the database is not upgraded: run 'hotline db upgrade --db URL'")
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    except Exception as exc:  # OperationalError: unreachable
        raise CommandError(f"cannot read the database: {type(exc).__name__}") from None
    return engine, Session(engine)


def _verify(args: argparse.Namespace) -> int:
    from storage.audit_chain import verify

    engine, session = _session(args)
    try:
        with session:
            checked, problems = verify(session)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"checked": checked, "ok": not problems,
                          "problems": [p.__dict__ for p in problems]}, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem.line())
        verdict = "intact (完整)" if not problems else f"{len(problems)} problems (审计日志被篡改)"
        print(f"audit log: {checked} entries checked, {verdict}")
    return 1 if problems else 0


def _list(args: argparse.Namespace) -> int:
    from storage.audit import AuditRepository

    if bool(args.subject) == bool(args.actor):
        raise CommandError("give --subject kind:id or --actor LOGIN")
    engine, session = _session(args)
    try:
        with session:
            repo = AuditRepository(session, None)
            if args.subject:
                kind, _, subject = args.subject.partition(":")
                entries = repo.for_subject(kind, subject)
            else:
                entries = repo.by_actor(args.actor)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps([e.to_json() for e in entries], ensure_ascii=False))
    else:
        for e in entries:
            print(f"{e.at:%Y-%m-%d %H:%M:%S} {e.actor} {e.action} {e.subject_kind}:{e.subject_id} "
                  f"origin={e.origin or '-'} seq={e.seq}")
    return 0
