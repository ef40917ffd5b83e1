"""``hotline kb edit|submit|approve|reject|publish|archive``: the editorial steps from the command line.

Each acts as ``--actor`` in ``--role`` (agent, unit-editor, unit-reviewer, center-admin; or the Chinese
names) for ``--unit`` (a unit code; needed for the unit roles), through the same KnowledgeService the
desk uses: permissions are the domain's, a refusal prints the named error and exits 3, nothing
written; every step lands in the audit log. ``edit`` takes the new text from a .md/.docx file in the
import format (metadata lines not given keep their values).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError

STEPS = ("edit", "submit", "approve", "reject", "publish", "archive")


def register_steps(sub: Any, common: Any) -> None:
    """Add one sub-command per editorial step to ``hotline kb``."""
    helps = {"edit": "a new revision from a .md/.docx file (back to draft)", "submit": "draft → in review (提交审核)",
             "approve": "approve the revision in review (审核通过)", "reject": "send it back to draft (退回修改)",
             "publish": "publish the approved revision as the next version", "archive": "withdraw it (归档)"}
    for step in STEPS:
        p = sub.add_parser(step, help=helps[step])
        common(p)
        p.add_argument("article", help="article id or key")
        if step == "edit":
            p.add_argument("file", help="the new text, in the import format")
            p.add_argument("--note", default="", help="what changed (修改说明)")
        if step in ("reject", "archive"):
            p.add_argument("--reason", default="", help="why (退回原因 / 归档原因)")
        p.add_argument("--actor", required=True, help="who acts (user id)")
        p.add_argument("--role", required=True, help="agent | unit-editor | unit-reviewer | center-admin")
        p.add_argument("--unit", help="the actor's unit code (unit roles)")
        p.set_defaults(func=_run, step=step)


def _run(args: argparse.Namespace) -> int:
    from desktop.cli.kb import _open, _print, _unit_id
    from hotline.knowledge.errors import KnowledgeError
    from hotline.knowledge.roles import Actor, Role
    from storage.knowledge.service import KnowledgeService
    from storage.uow import UnitOfWork

    engine, _ = _open(args)
    try:
        try:
            actor = Actor(args.actor, Role.parse(args.role), _unit_id(engine, args.unit))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        with UnitOfWork(engine) as uow:
            found = uow.knowledge.find(args.article) or uow.knowledge.by_key(args.article)
        if found is None:
            raise CommandError(f"no article {args.article!r} in this database")
        service = KnowledgeService(engine, origin=args.actor)
        try:
            article = _step(service, actor, found, args)
        except KnowledgeError as exc:
            raise CommandError(f"refused ({type(exc).__name__}): {exc}", code=3) from None
        finally:
            service.close()
    finally:
        engine.dispose()
    _print(args, article.to_json(), [f"{article.title}  [{article.status.label}]  修订 {article.revision}  "
                                     f"发布版本 {article.published_version}" +
                                     (f"  审核 {article.approved_by}" if article.approved_by else "")])
    return 0


def _step(service: Any, actor: Any, found: Any, args: argparse.Namespace) -> Any:
    step = args.step
    if step == "edit":
        return service.edit(actor, found.id, _content(found, Path(args.file)), note=args.note,
                            expected_revision=found.revision)
    if step == "reject":
        return service.reject(actor, found.id, args.reason)
    if step == "archive":
        return service.archive(actor, found.id, args.reason)
    if step == "publish":
        return service.publish(actor, found.id)[0]
    return getattr(service, step)(actor, found.id)


def _content(found: Any, path: Path) -> Any:
    from storage.knowledge.files import FileProblem, read_article_file

    try:
        item = read_article_file(path)
    except FileProblem as exc:
        raise CommandError(str(exc)) from None
    if "unit" in item.said:
        raise CommandError(f"{path}: an edit keeps the owning unit; leave out the 单位 line")
    changes: dict[str, Any] = {"title": item.title, "body": item.body}
    for name in ("category", "tags", "standard", "effective_from", "expires_on", "review_by"):
        if name in item.said:
            changes[name] = getattr(item, name)
    return replace(found.content, **changes)
