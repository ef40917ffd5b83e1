"""The knowledge side of the desk: suggestions as the agent types, search, reading, "use this answer".

The Suggester (storage.knowledge.suggest) searches on its own worker thread; its callback and its
errors reach the GUI through a Relay (queued signal). A typed search and reading an article go
through the desk's database worker. A search that fails is shown in the pane, never swallowed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.bridge import Relay
from desktop.app.worker import DbWorker
from desktop.ui.tr import tr
from desktop.ui.views import ArticleText, HitLine


def hit_lines(hits: Any) -> list[HitLine]:
    return [HitLine(h.article_id, h.version, h.title_highlighted or h.title, h.snippet, bool(h.standard))
            for h in hits]


class KnowledgeController(QObject):
    chosen = Signal(str, int, str)  # (article id, version, answer text): the ticket pane's direct answer

    def __init__(self, worker: DbWorker, service: Any, pane: Any, unit_name: Any = None) -> None:
        super().__init__()
        from storage.knowledge.suggest import Suggester

        self.worker, self.service, self.pane = worker, service, pane
        self.unit_name = unit_name or (lambda unit_id: unit_id or tr("12345热线"))
        self._relay = Relay()
        self._relay.received.connect(self._delivered)
        self.suggester = Suggester(service.suggest, self._relay.post, delay=0.25, top=5,
                                   on_error=lambda exc: self._relay.post(exc))
        self.shown_generation = 0
        self.closed = False
        pane.query_changed.connect(self.search)
        pane.article_chosen.connect(self.read)
        pane.use_answer.connect(self.chosen.emit)

    def typed(self, values: dict[str, Any]) -> None:
        """The ticket's content changed: suggest answers (unless the agent is searching by hand)."""
        if not self.closed and not self.pane.query.text().strip():
            self.suggester.update(str(values.get("content") or ""))

    def _delivered(self, result: Any) -> None:
        if isinstance(result, BaseException):
            self.pane.show_error(str(result) or type(result).__name__)
            return
        self.shown_generation = result.generation
        if result.text:
            self.pane.show_hits(hit_lines(result.hits), tr("根据诉求内容推荐（{0} ms）", f"{result.seconds * 1000:.0f}"))

    def search(self, text: str) -> None:
        text = text.strip()
        if len(text) < 2:
            return
        self.worker.submit(lambda: hit_lines(self.service.search(text, top=10)),
                           lambda hits: self.pane.show_hits(hits, tr("搜索：{0}", text)),
                           lambda exc: self.pane.show_error(str(exc)), name="kb-search")

    def read(self, article_id: str, version: int) -> None:
        def load() -> ArticleText:
            r = self.service.read(article_id, version)
            return ArticleText(article_id, r.version.version, r.version.title, r.version.body,
                               self.unit_name(r.version.unit_id), r.current)

        self.worker.submit(load, self.pane.show_article, lambda exc: self.pane.show_error(str(exc)), name="kb-read")

    def close(self) -> None:
        self.closed = True
        self.suggester.close()
