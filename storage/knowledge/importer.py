"""Import the articles units send (.md, .docx): check every file first, then write all in one transaction.

Each file becomes an article of its unit (the file's 单位 line, else ``unit``; neither: the center's
own), published at once by the importing reviewer or center admin — or left as a draft with
``publish=False``. A file whose key (编号, default ``<unit code>/<file name>``) is already in the
database makes the next version of that article; one whose text equals the live version changes
nothing. If any file has a problem, nothing is written and ImportRefused lists every problem, each
naming its file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from hotline.knowledge import lifecycle as L
from hotline.knowledge.article import Article, ArticleVersion, Content
from hotline.knowledge.errors import KnowledgeError
from hotline.knowledge.roles import Actor
from hotline.units import UnitError
from storage.knowledge.files import ArticleFile, FileProblem, read_article_file
from storage.uow import UnitOfWork


class ImportRefused(Exception):
    """Some files cannot be imported; nothing was written. ``problems`` has one FileProblem each."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"nothing imported: {len(self.problems)} problem(s)\n{lines}")


@dataclass
class ImportReport:
    """What an import did: article ids created, updated (new version), unchanged."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def import_files(engine: Engine, paths: Sequence[Path | str], actor: Actor, *, unit: str | None = None,
                 category: str | None = None, publish: bool = True, origin: str = "import") -> ImportReport:
    """Import ``paths`` as ``actor``; ImportRefused (nothing written) if any file has a problem."""
    problems: list[FileProblem] = []
    items: list[ArticleFile] = []
    for raw in paths:
        try:
            items.append(read_article_file(Path(raw)))
        except FileProblem as problem:
            problems.append(problem)
    report = ImportReport()
    with UnitOfWork(engine, origin=origin) as uow:
        planned: list[tuple[ArticleFile, Content, str]] = []
        keys: dict[str, Path] = {}
        codes: dict[str, tuple[str | None, str]] = {}
        for item in items:
            try:
                unit_id, code = _unit(uow, item.unit or unit or "", codes)
                content = _content(item, unit_id, category)
            except FileProblem as problem:
                problems.append(problem)
                continue
            key = item.key or f"{code}/{item.path.stem}"
            if key in keys:
                problems.append(FileProblem(item.path, f"key {key!r} is also the key of {keys[key]}"))
                continue
            keys[key] = item.path
            planned.append((item, content, key))
        existing = uow.knowledge.by_keys([key for _, _, key in planned])
        writes: list[tuple[str, Article, ArticleVersion | None, str]] = []
        for item, content, key in planned:
            try:
                writes.append(_plan(actor, item, content, key, existing.get(key), publish))
            except KnowledgeError as exc:
                problems.append(FileProblem(item.path, f"{type(exc).__name__}: {exc}"))
        if problems:
            raise ImportRefused(problems)
        for outcome, article, version, note in writes:
            getattr(report, outcome).append(article.id)
            report.articles.append(article)
            if outcome == "unchanged":
                continue
            uow.knowledge.save(article, version)
            detail = {"role": actor.role.value, "unit_id": actor.unit_id, "title": article.title,
                      "revision": article.revision, "status": article.status.value, "note": note}
            if version is not None:
                detail["version"] = version.version
            uow.audit.record(actor.user, "kb-import", "article", article.id, **detail)
        uow.commit()
    return report


def _unit(uow: UnitOfWork, code: str, cache: dict[str, tuple[str | None, str]]) -> tuple[str | None, str]:
    """(unit id, code for keys) of a unit code or id; ("", "center") when none is given."""
    if not code:
        return None, "center"
    if code not in cache:
        try:
            unit = uow.units.by_code(code)
        except UnitError:
            found = uow.units.find(code)
            if found is None:
                cache[code] = ("?", code)
            else:
                unit = found
        if code not in cache:
            cache[code] = (unit.id, unit.code)
    return cache[code]


def _content(item: ArticleFile, unit_id: str | None, category: str | None) -> Content:
    if unit_id == "?":
        raise FileProblem(item.path, f"unit {item.unit!r} is not in this database's unit directory "
                                     "(hotline db seed-demo loads the demo units)" if item.unit else
                          "the unit given by --unit is not in this database's unit directory")
    chosen = item.category or category or ""
    if not chosen:
        raise FileProblem(item.path, "no category: add a line '分类: …' below the title or pass --category")
    content = Content(title=item.title, body=item.body, category=chosen, unit_id=unit_id, tags=item.tags,
                      standard=item.standard, effective_from=item.effective_from, expires_on=item.expires_on,
                      review_by=item.review_by)
    try:
        return L.check_content(content)
    except KnowledgeError as exc:
        raise FileProblem(item.path, str(exc)) from None


def _plan(actor: Actor, item: ArticleFile, content: Content, key: str, existing: Article | None,
          publish: bool) -> tuple[str, Article, ArticleVersion | None, str]:
    note = f"导入 {item.path.name}"
    if publish:
        done = L.import_published(actor, content, existing=existing, key=key, note=note)
        if done is None:
            assert existing is not None
            return "unchanged", existing, None, note
        return ("updated" if existing else "created"), done[0], done[1], note
    if existing is None:
        return "created", L.create(actor, content, key=key, note=note), None, note
    return "updated", L.edit(existing, actor, content, note=note), None, note
