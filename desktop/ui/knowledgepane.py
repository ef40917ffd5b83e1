"""The knowledge pane: suggestions while the agent types, a search box, the reading pane, "use this answer".

``show_hits`` paints ranked results with their highlights; ``show_article`` the reading pane with the
article's version and unit. ``query_changed`` (typed search), ``article_chosen`` and ``use_answer``
go to the app; suggestions come from the ticket's content through the app, not from here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tr import tr
from desktop.ui.views import ArticleText, HitLine


class KnowledgePane(QWidget):
    query_changed = Signal(str)
    article_chosen = Signal(str, int)
    use_answer = Signal(str, int, str)  # (article id, version, answer text)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgePane")
        self.setAccessibleName(tr("知识库"))
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 6, 6, 6)
        self.query = QLineEdit(self)
        self.query.setObjectName("knowledgeSearch")
        self.query.setAccessibleName(tr("搜索知识库"))
        self.query.setPlaceholderText(tr("搜索知识库（Ctrl+K）"))
        self.query.textChanged.connect(self.query_changed.emit)
        self.source = QLabel("", self)
        self.source.setObjectName("hitsSource")
        self.hits = QListWidget(self)
        self.hits.setObjectName("knowledgeHits")
        self.hits.setAccessibleName(tr("知识库结果"))
        self.hits.setWordWrap(True)
        self.hits.currentItemChanged.connect(self._chosen)
        self.reading = QTextBrowser(self)
        self.reading.setObjectName("articleReader")
        self.reading.setAccessibleName(tr("文章内容"))
        self.use = QPushButton(tr("用此答复（Ctrl+Enter）"), self)
        self.use.setObjectName("useAnswerButton")
        self.use.setAccessibleName(tr("用此文章答复"))
        self.use.setShortcut("Ctrl+Return")
        self.use.setEnabled(False)
        self.use.clicked.connect(self._use)
        for w in (self.query, self.source, self.hits, self.reading, self.use):
            col.addWidget(w)
        col.setStretch(2, 2)
        col.setStretch(3, 3)
        self.article: ArticleText | None = None

    def show_hits(self, hits: list[HitLine], source: str = "") -> None:
        self.source.setText(source)
        self.hits.clear()
        for i, hit in enumerate(hits, 1):
            star = tr("【标准答案】") if hit.standard else ""
            item = QListWidgetItem()
            label = QLabel(f"<b>{i}. {star}{hit.title_html}</b> <small>v{hit.version}</small><br/>{hit.snippet_html}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            item.setData(Qt.ItemDataRole.UserRole, (hit.article_id, hit.version))
            item.setSizeHint(label.sizeHint())
            self.hits.addItem(item)
            self.hits.setItemWidget(item, label)
        if not hits and source:
            self.hits.addItem(tr("没有找到相关文章"))

    def show_article(self, article: ArticleText) -> None:
        self.article = article
        old = "" if article.current else f"<p style='color:#c62828'>{tr('此版本已不是现行版本')}</p>"
        version = tr("版本 v{0} · {1}", article.version, article.unit)
        self.reading.setHtml(f"<h3>{article.title}</h3><p><small>{version}</small></p>"
                             f"{old}<p>{article.body.replace(chr(10), '<br/>')}</p>")
        self.use.setEnabled(article.current)

    def show_error(self, message: str) -> None:
        self.source.setText(tr("知识库暂不可用：{0}", message))

    def _chosen(self, item: QListWidgetItem | None) -> None:
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if data:
            self.article_chosen.emit(data[0], int(data[1]))

    def _use(self) -> None:
        if self.article is not None:
            self.use_answer.emit(self.article.article_id, self.article.version, self.article.body)
