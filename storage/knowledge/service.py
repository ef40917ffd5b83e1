"""The knowledge service the desk calls (no Qt): search with highlights, reading, and the editorial steps.

One unit of work per action. Permissions are the domain's (hotline.knowledge.lifecycle raises a
named KnowledgeError before anything is written); every editorial step is written to the audit log
in the same transaction, and recorded for sync like any local write. After a write the workstation's
search index is refreshed; before a search it catches up with what a pull brought in.

A direct answer (直接答复) records the article and the version the agent gave on the ticket, so the
center can later read exactly that text (``read(article_id, version)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine

from hotline.knowledge import lifecycle as L
from hotline.knowledge.article import Article, ArticleVersion, Content
from hotline.knowledge.diff import ArticleDiff, diff
from hotline.knowledge.errors import ArticleNotFound, NotInForce
from hotline.knowledge.roles import Actor
from hotline.tickets import commands
from hotline.tickets.view import TicketView
from hotline.timezone import now
from storage.changelog import Role as SyncRole
from storage.knowledge.indexing import IndexKeeper, read_engine
from storage.search.index import SearchHit
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Reading:
    """An article as an agent reads it: the published version, and the working copy's facts."""

    version: ArticleVersion
    article: Article

    @property
    def current(self) -> bool:
        """Whether this is the live version (not an older one looked up from a ticket)."""
        return self.article.live and self.article.published_version == self.version.version


class KnowledgeService:
    """Search, read and edit the knowledge base of one database, keeping its search index in step."""

    def __init__(self, engine: Engine, keeper: IndexKeeper | None = None, *, origin: str = "",
                 role: SyncRole = "desk") -> None:
        self.engine, self.keeper, self.origin, self.role = engine, keeper, origin, role
        self._reader = read_engine(engine)  # reads never wait for a pull's write transaction

    # -- searching and reading ---------------------------------------------------------------------

    def search(self, query: str, *, top: int = 10, unit_id: str | None = None,
               category: str | None = None) -> list[SearchHit]:
        """The best live articles for ``query`` with highlighted title and snippet."""
        keeper = self._keeper()
        keeper.refresh()
        return keeper.index.search(query, top=top, unit_id=unit_id, category=category)

    def suggest(self, text: str, top: int = 5) -> list[SearchHit]:
        """Suggested answers for what the agent is typing (the ticket's content so far)."""
        return self.search(text, top=top)

    def read(self, article_id: str, version: int | None = None) -> Reading:
        """A published version (default: the live one); ArticleNotFound when there is none."""
        with self._reading() as uow:
            article = uow.knowledge.get(article_id)
            if version is None:
                live = uow.knowledge.live_version(article)
                if live is None:
                    raise ArticleNotFound(f"article {article.title!r} has no published version agents may read")
                return Reading(live, article)
            return Reading(uow.knowledge.version(article_id, version), article)

    def article(self, article_id: str) -> Article:
        """The working copy (for editors)."""
        with self._reading() as uow:
            return uow.knowledge.get(article_id)

    def history(self, article_id: str) -> list[ArticleVersion]:
        """Every published version, oldest first: who wrote, approved and published each, and when."""
        with self._reading() as uow:
            uow.knowledge.get(article_id)
            return uow.knowledge.versions(article_id)

    def diff(self, article_id: str, old: int, new: int | None = None) -> ArticleDiff:
        """What changed from version ``old`` to version ``new`` (None: to the working copy)."""
        with self._reading() as uow:
            before = uow.knowledge.version(article_id, old).content
            after = (uow.knowledge.get(article_id).content if new is None
                     else uow.knowledge.version(article_id, new).content)
        return diff(before, after)

    def review_overdue(self, today: date | None = None) -> dict[str | None, int]:
        """Per owning unit, how many live articles are past their review date (凉山 第二十二条(四))."""
        with self._reading() as uow:
            return uow.knowledge.review_overdue_counts(today or now().date())

    # -- editorial steps ---------------------------------------------------------------------------

    def create(self, actor: Actor, content: Content, *, key: str | None = None, note: str = "") -> Article:
        """A new draft."""
        article = L.create(actor, content, key=key, note=note)
        return self._store(actor, "kb-create", article)

    def edit(self, actor: Actor, article_id: str, content: Content, *, note: str = "",
             expected_revision: int | None = None) -> Article:
        """A new revision (back to draft; the published version stays live until the next one)."""
        return self._step(actor, "kb-edit", article_id,
                          lambda a: L.edit(a, actor, content, note=note, expected_revision=expected_revision))

    def submit(self, actor: Actor, article_id: str) -> Article:
        """Draft → in review."""
        return self._step(actor, "kb-submit", article_id, lambda a: L.submit(a, actor))

    def approve(self, actor: Actor, article_id: str) -> Article:
        """Approve the revision in review."""
        return self._step(actor, "kb-approve", article_id, lambda a: L.approve(a, actor))

    def reject(self, actor: Actor, article_id: str, reason: str) -> Article:
        """Send the revision in review back to draft."""
        return self._step(actor, "kb-reject", article_id, lambda a: L.reject(a, actor, reason))

    def publish(self, actor: Actor, article_id: str) -> tuple[Article, ArticleVersion]:
        """Publish the approved revision as the next version."""
        made: list[ArticleVersion] = []

        def step(article: Article) -> tuple[Article, ArticleVersion]:
            done = L.publish(article, actor)
            made.append(done[1])
            return done

        return self._step(actor, "kb-publish", article_id, step), made[0]

    def archive(self, actor: Actor, article_id: str, reason: str = "") -> Article:
        """Withdraw the article from agents."""
        return self._step(actor, "kb-archive", article_id, lambda a: L.archive(a, actor, reason=reason))

    # -- the direct answer -------------------------------------------------------------------------

    def answer_directly(self, ticket_id: str, agent: str, article_id: str, *, answer: str = "",
                        at: Any = None) -> TicketView:
        """Record on the ticket that the agent answered from the article's live version (直接答复)."""
        moment = at or now()
        with self._uow() as uow:
            article = uow.knowledge.get(article_id)
            live = uow.knowledge.live_version(article)
            if live is None or not live.in_force(moment.date()):
                raise NotInForce(f"article {article.title!r} has no version in force today to answer from")
            event = commands.answer_directly(ticket_id, agent, article_id=article.id, article_version=live.version,
                                             answer=answer, at=moment, origin=self.origin)
            view = uow.tickets.add(event)
            uow.commit()
        return view

    # -- helpers -----------------------------------------------------------------------------------

    def _uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, origin=self.origin, role=self.role)

    def _reading(self) -> UnitOfWork:
        """A unit of work for reading only, on the reading engine (never committed)."""
        return UnitOfWork(self._reader, origin=self.origin, role=self.role)

    def close(self) -> None:
        """Release the reading engines (the caller's engine stays open)."""
        if self._reader is not self.engine:
            self._reader.dispose()
        if self.keeper is not None:
            self.keeper.close()

    def _keeper(self) -> IndexKeeper:
        if self.keeper is None:
            self.keeper = IndexKeeper.for_url(self.engine)
        return self.keeper

    def _step(self, actor: Actor, action: str, article_id: str, change: Any) -> Any:
        with self._uow() as uow:
            result = change(uow.knowledge.get(article_id))
            article, version = result if isinstance(result, tuple) else (result, None)
            self._write(uow, actor, action, article, version)
            uow.commit()
        self._after_write()
        return article

    def _store(self, actor: Actor, action: str, article: Article) -> Article:
        with self._uow() as uow:
            self._write(uow, actor, action, article, None)
            uow.commit()
        self._after_write()
        return article

    def _write(self, uow: UnitOfWork, actor: Actor, action: str, article: Article,
               version: ArticleVersion | None) -> None:
        uow.knowledge.save(article, version)
        detail: dict[str, Any] = {"role": actor.role.value, "unit_id": actor.unit_id, "title": article.title,
                                  "revision": article.revision, "status": article.status.value}
        if version is not None:
            detail["version"] = version.version
        if article.note:
            detail["note"] = article.note
        uow.audit.record(actor.user, action, "article", article.id, **detail)

    def _after_write(self) -> None:
        if self.keeper is not None:
            self.keeper.refresh()
