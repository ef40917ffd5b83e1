"""The ticket lists pane: 我的工单, 本席今日, 即将到期, 已超期 and 搜索, each a table paged in SQL.

Each list is a ``TicketListModel`` (desktop.ui.ticketlists) in a QTableView; the app answers the
models' page requests. Double-click or Enter on a row says ``ticket_opened(id)``; the search box
says ``search_changed(text)`` (debounced). A page that failed is shown above its table with a
重试 button, and the list goes on working. ``set_badge`` marks the 即将到期 tab with new reminders.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.ticketlists import TicketListModel
from desktop.ui.tr import tr, tr_noop

#: key, tab title (translated where shown), default order (column, descending)
LISTS: tuple[tuple[str, str, str, bool], ...] = (
    ("mine", tr_noop("我的工单"), "created_at", True),
    ("seat", tr_noop("本席今日"), "number", False),
    ("due", tr_noop("即将到期"), "due", False),
    ("overdue", tr_noop("已超期"), "due", False),
    ("search", tr_noop("搜索"), "created_at", True),
)
TITLES = {key: title for key, title, _, _ in LISTS}


class TicketList(QWidget):
    """One list: an error line with 重试, the table, and how many rows are loaded."""

    def __init__(self, key: str, title: str, order_by: str, descending: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"list_{key}")
        title = tr(title)
        self.setAccessibleName(title)
        self.model = TicketListModel(key, order_by=order_by, descending=descending, parent=self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        self.error = QLabel("", self)
        self.error.setObjectName(f"listError_{key}")
        self.error.setAccessibleName(tr("{0}读取失败", title))
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.retry = QPushButton(tr("重试"), self)
        self.retry.setObjectName(f"listRetry_{key}")
        self.retry.setAccessibleName(tr("重新读取{0}", title))
        self.retry.clicked.connect(self._retry)
        head = QHBoxLayout()
        head.addWidget(self.error, 1)
        head.addWidget(self.retry)
        box.addLayout(head)
        self.table = QTableView(self)
        self.table.setObjectName(f"listTable_{key}")
        self.table.setAccessibleName(tr("{0}列表", title))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((150, 80, 60, 110, 260, 125, 165, 45)):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))  # wide enough for it (English)
            header.resizeSection(column, max(width, header.fontMetrics().horizontalAdvance(title) + 16))
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(self.model.sort_column(), order)
        self.table.setSortingEnabled(True)  # a header click calls model.sort: a new query
        header.sectionClicked.connect(self._header_clicked)
        box.addWidget(self.table, 1)
        self.count = QLabel("", self)
        self.count.setObjectName(f"listCount_{key}")
        box.addWidget(self.count)
        self.model.failed.connect(self.show_error)
        self.model.loaded.connect(self._loaded)
        self.model.modelReset.connect(lambda: self.show_error(""))
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.error.setText(tr("读取失败：{0}", message) if message else "")
        self.error.setVisible(bool(message))
        self.retry.setVisible(bool(message))

    def _retry(self) -> None:
        self.show_error("")
        self.model.retry()

    def _loaded(self, rows: int) -> None:
        more = "" if self.model.exhausted else tr("，向下滚动加载更多")
        self.count.setText(tr("已加载 {0} 条", rows) + more)

    def _header_clicked(self, column: int) -> None:
        if not self.model.sortable(column):  # 诉求 and 超期 do not sort: the indicator stays
            order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
            self.table.horizontalHeader().setSortIndicator(self.model.sort_column(), order)


class ListsPane(QWidget):
    """See the module docstring."""

    ticket_opened = Signal(str)
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listsPane")
        self.setAccessibleName(tr("工单列表"))
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        self.search = QLineEdit(self)
        self.search.setObjectName("listSearch")
        self.search.setAccessibleName(tr("搜索工单"))
        self.search.setPlaceholderText(tr("工单号 / 来电号码（任意格式）/ 诉求内容，留空显示全部（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("listTabs")
        self.tabs.setAccessibleName(tr("工单列表选择"))
        self.lists: dict[str, TicketList] = {}
        for key, title, order_by, descending in LISTS:
            page = TicketList(key, title, order_by, descending, self.tabs)
            page.table.activated.connect(self._activated)
            self.lists[key] = page
            self.tabs.addTab(page, tr(title))
        self.tabs.currentChanged.connect(self._tab_changed)
        box.addWidget(self.search)
        box.addWidget(self.tabs, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._search_now)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self._search_now)
        self.badges: dict[str, int] = {}

    def model(self, key: str) -> TicketListModel:
        return self.lists[key].model

    def show_list(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.lists[key])
        self.lists[key].table.setFocus()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.lists["search"])
        self.search.setFocus()
        self.search.selectAll()

    def set_badge(self, key: str, count: int) -> None:
        """Mark a tab with a number of new items (0 clears it)."""
        self.badges[key] = count
        index = self.tabs.indexOf(self.lists[key])
        title = tr(TITLES[key])
        self.tabs.setTabText(index, tr("{0}（{1}）", title, count) if count else title)

    def _tab_changed(self, index: int) -> None:
        key = next((k for k, page in self.lists.items() if self.tabs.indexOf(page) == index), "")
        if self.badges.get(key):
            self.set_badge(key, 0)  # seen

    def _search_now(self) -> None:
        self._debounce.stop()
        self.tabs.setCurrentWidget(self.lists["search"])
        self.search_changed.emit(self.search.text().strip())

    def _activated(self, index: QModelIndex) -> None:
        ticket_id = index.data(Qt.ItemDataRole.UserRole)
        if ticket_id:
            self.ticket_opened.emit(str(ticket_id))
