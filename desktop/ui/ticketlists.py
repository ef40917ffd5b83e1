"""A ticket list as a Qt table model that pages and sorts in SQL, fed by signals (no storage here).

    model = TicketListModel("mine", order_by="created_at", descending=True)
    model.page_wanted.connect(app.load_page)     # PageRequest -> the app runs the query on its worker
    model.start()                                # asks for the first page
    ...  app answers with model.add_page(generation, rows) or model.page_failed(generation, message)

``canFetchMore``/``fetchMore`` ask for the next page only while none is on its way and the last one
was full; a view scrolled near the end calls them. Clicking a sortable header reloads from row 0
with that ``ORDER BY`` (never a proxy over loaded rows). An answer for an older generation (before a
new sort or search) is dropped. A failed page is kept in ``error``; ``retry`` asks again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.ui.tr import tr, tr_noop
from desktop.ui.views import ListRow, PageRequest

#: (sort key in SQL or None when the column does not sort, header: translated where shown)
COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("number", tr_noop("工单号")), ("state", tr_noop("状态")), ("category", tr_noop("类别")),
    ("caller_phone", tr_noop("来电号码")), (None, tr_noop("诉求")), ("created_at", tr_noop("受理时间")),
    ("due", tr_noop("时限")), (None, tr_noop("超期")),
)
PAGE = 200
Index = QModelIndex | QPersistentModelIndex


def due_text(row: ListRow) -> str:
    if row.due is None:
        return ""
    return f"{row.due:%Y-%m-%d %H:%M}" + (tr("（暂定）") if row.provisional else "")


class TicketListModel(QAbstractTableModel):
    """See the module docstring."""

    page_wanted = Signal(object)  # PageRequest
    failed = Signal(str)  # a page could not be read: the pane shows it
    loaded = Signal(int)  # rows held after a page arrived

    def __init__(self, key: str, *, order_by: str = "created_at", descending: bool = True, page: int = PAGE,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.key, self.page = key, page
        self.order_by, self.descending = order_by, descending
        self.rows: list[ListRow] = []
        self.generation = 0
        self.waiting = False
        self.exhausted = False
        self.error = ""
        self.started = False
        self.requests = 0  # pages asked for (tests read it)

    # ---------------------------------------------------------------- paging
    def start(self) -> None:
        """From now on the model asks for pages; the first one now."""
        self.started = True
        self.reload()

    def reload(self) -> None:
        """Drop the rows and ask for the first page again (a new sort, a new search, a refresh)."""
        self.beginResetModel()
        self.rows = []
        self.generation += 1
        self.waiting = self.exhausted = False
        self.error = ""
        self.endResetModel()
        if self.started:
            self._ask()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's signature
        return (self.started and not parent.isValid() and not self.waiting and not self.exhausted
                and not self.error)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt's signature
        if self.canFetchMore(parent):
            self._ask()

    def retry(self) -> None:
        """Ask again for the page that failed (the rows held stay)."""
        self.error = ""
        self.fetchMore()

    def _ask(self) -> None:
        self.waiting = True
        self.requests += 1
        self.page_wanted.emit(PageRequest(self.key, self.generation, len(self.rows), self.page, self.order_by,
                                          self.descending))

    def add_page(self, generation: int, rows: list[ListRow]) -> None:
        """A page arrived (on the GUI thread); one for an older generation is dropped."""
        if generation != self.generation:
            return
        self.waiting = False
        self.exhausted = len(rows) < self.page
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit(len(self.rows))

    def page_failed(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self.waiting = False
        self.error = message
        self.failed.emit(message)

    # ---------------------------------------------------------------- sorting
    def sortable(self, column: int) -> bool:
        return 0 <= column < len(COLUMNS) and COLUMNS[column][0] is not None

    def sort_column(self) -> int:
        return next(i for i, (key, _) in enumerate(COLUMNS) if key == self.order_by)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reload sorted by ``column`` in SQL; a column that does not sort is ignored."""
        if not self.sortable(column):
            return
        key, descending = COLUMNS[column][0] or "created_at", order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.order_by, self.descending) and (self.rows or self.waiting):
            return
        self.order_by, self.descending = key, descending
        self.reload()

    # ---------------------------------------------------------------- the table
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return row.excerpt
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QColor("#b71c1c")
        return None

    @staticmethod
    def cell(row: ListRow, column: int) -> str:
        return (row.number, row.state, row.category, row.caller_phone, row.excerpt,
                f"{row.created:%Y-%m-%d %H:%M}", due_text(row), tr("超期") if row.overdue else "")[column]
