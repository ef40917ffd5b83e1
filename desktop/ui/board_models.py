"""Table models of the team lead's board: the callers waiting and the agents, one page each.

The rows are plain values (storage.board_read lines) handed over by the app; the page itself is
read in SQL (LIMIT/OFFSET), the model holds only what is shown. An agent in 示忙 past the threshold
is painted red (``alert_agents``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.ui.tr import tr, tr_noop

STATE_LABELS = {"logged-out": tr_noop("签出", note="坐席状态"), "ready": tr_noop("示闲", note="坐席状态"),
                "not-ready": tr_noop("示忙", note="坐席状态"), "ringing": tr_noop("振铃", note="坐席状态"),
                "talking": tr_noop("通话中", note="坐席状态"), "wrap-up": tr_noop("话后处理", note="坐席状态")}
STATE_COLOURS = {"ready": "#2e7d32", "not-ready": "#ef6c00", "ringing": "#1565c0", "talking": "#6a1b9a",
                 "wrap-up": "#00838f", "logged-out": "#757575"}
ALERT_BG = QColor("#ffcdd2")
Index = QModelIndex | QPersistentModelIndex


def clock(seconds: float | None) -> str:
    """``75.2`` -> ``01:15``; ``3700`` -> ``1:01:40``; None -> ``—``."""
    if seconds is None:
        return "—"
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


def state_label(state: str) -> str:
    return tr(STATE_LABELS[state], note="坐席状态") if state in STATE_LABELS else state


class _PageModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.texts: list[tuple[str, ...]] = []
        self.total = 0
        self.offset = 0
        self.queue_label = lambda name: name

    def set_page(self, rows: list[Any], total: int, offset: int) -> None:
        self.beginResetModel()
        self.rows, self.total, self.offset = list(rows), total, offset
        self.texts = [self.texts_of(r) for r in self.rows]  # once per page, not once per paint
        self.endResetModel()

    def texts_of(self, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.headers[section])
        return None


class WaitingModel(_PageModel):
    """The callers waiting now, in service order."""

    headers = (tr_noop("序号"), tr_noop("队列"), tr_noop("来电号码"), tr_noop("等待"), tr_noop("状态"))

    def texts_of(self, r: Any) -> tuple[str, ...]:
        status = tr("振铃 {0}", r.agent) if r.status == "ringing" else tr("排队中")
        return (str(r.position), self.queue_label(r.queue), r.caller, clock(r.wait_s), status)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AgentsModel(_PageModel):
    """Every agent: state and reason, time in state, the current call, the day's calls."""

    headers = (tr_noop("坐席"), tr_noop("状态"), tr_noop("原因"), tr_noop("状态时长"), tr_noop("当前通话队列"),
               tr_noop("通话时长"), tr_noop("今日接听"), tr_noop("通话总时长"), tr_noop("平均处理时长"),
               tr_noop("质检均分(30天)"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.alert_agents: set[str] = set()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts[index.row()][col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor(STATE_COLOURS.get(r.state, "#000000")))
        if role == Qt.ItemDataRole.BackgroundRole and r.agent in self.alert_agents:
            return QBrush(ALERT_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 5, 6, 7, 8, 9):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def texts_of(self, r: Any) -> tuple[str, ...]:
        return (r.agent, state_label(r.state), r.reason, clock(r.in_state_s),
                self.queue_label(r.call_queue) if r.call_queue else "", clock(r.call_s) if r.call_queue else "",
                str(r.calls), clock(r.talk_s), clock(r.aht_s),
                f"{r.qa_avg:.1f} ({r.qa_n})" if r.qa_avg is not None else "—")

    def agent_at(self, row: int) -> str:
        return self.rows[row].agent if 0 <= row < len(self.rows) else ""
