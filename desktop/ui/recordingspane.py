"""The recordings browser (录音查询): a search form, the paged table, the player and the QA form.

Signals out: ``search_changed`` (the form's values as a plain dict) and ``recording_opened``
(a RecordingLine, on Enter or a double-click). Keys: Ctrl+R (the window) the search form, Enter in the form
searches, Enter in the table opens the recording in the player (whose own keys then apply).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.player import PlayerPane
from desktop.ui.qaform import QaFormWidget
from desktop.ui.recordingsmodel import RecordingsModel
from desktop.ui.tr import tr


class RecordingsPane(QWidget):
    """See the module docstring."""

    search_changed = Signal(dict)
    recording_opened = Signal(object)

    def __init__(self, parent: QWidget | None = None, page_size: int = 100) -> None:
        super().__init__(parent)
        self.setObjectName("recordings")
        self.setAccessibleName(tr("录音查询"))
        self.model = RecordingsModel(page_size)
        today = QDate.currentDate()
        self.since = self._date("rec_since", tr("开始日期"), today.addDays(-7))
        self.until = self._date("rec_until", tr("结束日期"), today)
        self.agent = self._edit("rec_agent", tr("坐席"))
        self.caller = self._edit("rec_caller", tr("来电号码"))
        self.queue = self._edit("rec_queue", tr("队列"))
        self.ticket = self._edit("rec_ticket", tr("工单编号"))
        self.min_duration = self._spin("rec_min_duration", tr("最短时长（秒）"), 0, 36000)
        self.max_duration = self._spin("rec_max_duration", tr("最长时长（秒）"), 0, 36000)
        self.min_score = self._spin("rec_min_score", tr("最低得分"), 0, 100)
        self.max_score = self._spin("rec_max_score", tr("最高得分"), 0, 100)
        self.search_button = QPushButton(tr("查询"), self)
        self.search_button.setObjectName("rec_search")
        self.search_button.setAccessibleName(tr("查询"))
        self.search_button.clicked.connect(self.search)
        self.table = QTableView(self)
        self.table.setObjectName("rec_table")
        self.table.setAccessibleName(tr("录音列表"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # no blank strip
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.notice = QLabel("", self)
        self.notice.setObjectName("rec_notice")
        self.notice.setAccessibleName(tr("提示"))
        self.player = PlayerPane(self)
        self.qa = QaFormWidget(self)
        self._layout()

    def _date(self, name: str, label: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _edit(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(label)
        edit.returnPressed.connect(self.search)
        return edit

    def _spin(self, name: str, label: str, low: int, high: int) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setAccessibleName(label)
        spin.setRange(low - 1, high)
        spin.setDecimals(0)
        spin.setValue(low - 1)
        spin.setSpecialValueText(tr("不限"))  # the value below the range: no filter
        return spin

    def _layout(self) -> None:
        form = QGridLayout()
        pairs = [(tr("从"), self.since), (tr("到"), self.until), (tr("坐席"), self.agent), (tr("来电"), self.caller),
                 (tr("队列"), self.queue), (tr("工单"), self.ticket), (tr("时长≥"), self.min_duration),
                 (tr("时长≤"), self.max_duration), (tr("得分≥"), self.min_score), (tr("得分≤"), self.max_score)]
        for i, (label, widget) in enumerate(pairs):
            form.addWidget(QLabel(label, self), i // 5, 2 * (i % 5))
            form.addWidget(widget, i // 5, 2 * (i % 5) + 1)
        form.addWidget(self.search_button, 0, 10, 2, 1)
        left = QWidget(self)
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(self.table, 1)
        lbox.addWidget(self.notice)
        bottom = QWidget(self)
        bbox = QHBoxLayout(bottom)
        bbox.setContentsMargins(0, 0, 0, 0)
        bbox.addWidget(self.player, 3)
        bbox.addWidget(self.qa, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(left)
        split.addWidget(bottom)
        split.setSizes([260, 420])
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(split, 1)

    def values(self) -> dict[str, Any]:
        """The form as a plain dict (None where there is no filter); dates as ISO days, until inclusive."""
        def num(spin: QDoubleSpinBox) -> float | None:
            return None if spin.value() < spin.minimum() + 1 else spin.value()

        return {"since": self.since.date().toString("yyyy-MM-dd"), "until": self.until.date().toString("yyyy-MM-dd"),
                "agent": self.agent.text().strip(), "caller": self.caller.text().strip(),
                "queue": self.queue.text().strip(), "ticket_number": self.ticket.text().strip(),
                "min_duration_s": num(self.min_duration), "max_duration_s": num(self.max_duration),
                "min_score": num(self.min_score), "max_score": num(self.max_score)}

    def search(self) -> None:
        self.search_changed.emit(self.values())

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.recording_opened.emit(self.model.line(index.row()))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
