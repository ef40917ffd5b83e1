"""The recordings browser's table model: rows arrive a page at a time (keyset, newest first) from the app.

    model.page_wanted -> (generation, cursor)     # cursor None: the first page; else the last row's key
    model.add_page(generation, rows, more)        # the app answers; an older generation is dropped
    model.reload()                                # a new search: generation + 1, empty, first page asked

Rows are ``RecordingLine`` values (plain, frozen); the view's scroll asks for more (canFetchMore).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.ui.tr import tr, tr_noop

Index = QModelIndex | QPersistentModelIndex
HEADERS = (tr_noop("开始时间"), tr_noop("坐席"), tr_noop("来电号码"), tr_noop("队列"), tr_noop("时长"),
           tr_noop("质检得分"), tr_noop("状态"))
STATES = {"verified": tr_noop("已校验"), "uploaded": tr_noop("待校验"), "pending": tr_noop("上传中"),
          "quarantined": tr_noop("已隔离"), "purged": tr_noop("已过保存期")}


@dataclass(frozen=True)
class RecordingLine:
    """One recording as the browser lists it."""

    id: str
    started: datetime
    agent: str
    caller: str
    queue: str
    duration_s: float
    score: float | None
    state: str

    @property
    def cursor(self) -> tuple[datetime, str]:
        return (self.started, self.id)


def duration_text(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60:d}:{s % 60:02d}"


class RecordingsModel(QAbstractTableModel):
    """See the module docstring."""

    page_wanted = Signal(int, object)  # (generation, cursor or None)

    def __init__(self, page_size: int = 100) -> None:
        super().__init__()
        self.page_size = page_size
        self.rows: list[RecordingLine] = []
        self.generation = 0
        self.more = True
        self.loading = False
        self.error = ""

    def reload(self) -> None:
        self.beginResetModel()
        self.rows, self.more, self.loading, self.error = [], True, False, ""
        self.generation += 1
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def add_page(self, generation: int, rows: list[RecordingLine]) -> None:
        if generation != self.generation:
            return
        self.loading = False
        self.more = len(rows) >= self.page_size
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def page_failed(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.loading, self.more, self.error = False, False, message

    # -- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and self.more and not self.loading

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        self.loading = True
        self.page_wanted.emit(self.generation, self.rows[-1].cursor if self.rows else None)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        if col == 0:
            return row.started.strftime("%Y-%m-%d %H:%M:%S")
        if col == 4:
            return duration_text(row.duration_s)
        if col == 5:
            return "" if row.score is None else f"{row.score:g}"
        if col == 6:
            return tr(STATES[row.state]) if row.state in STATES else row.state
        return (None, row.agent, row.caller, row.queue)[col]

    def line(self, row: int) -> RecordingLine:
        return self.rows[row]
