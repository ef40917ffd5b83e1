"""The specialist-seat picker (专家坐席, Liangshan 第十一条): the unit tree's expert seats, searchable.

``show_seats(list[ExpertChoice])`` fills it; typing filters by unit name, seat name or topic; Enter
(or the 会商 button) emits ``chosen(ExpertChoice)`` and closes. Opened from the desk with Ctrl+E.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tr import tr
from desktop.ui.views import ExpertChoice


def seat_text(seat: ExpertChoice) -> str:
    short = f"（{seat.unit_short}）" if seat.unit_short else ""
    topics = "、".join(seat.topics) or "—"
    return f"{seat.unit_name}{short} · {seat.name}\n" + tr("专长：{0} · 值守：{1}", topics, seat.hours or "—")


def matches(seat: ExpertChoice, text: str) -> bool:
    needle = text.strip().lower()
    hay = (seat.unit_name, seat.unit_short, seat.name, *seat.topics)
    return not needle or any(needle in h.lower() for h in hay)


class ExpertPicker(QDialog):
    chosen = Signal(object)  # ExpertChoice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expertPicker")
        self.setAccessibleName(tr("专家坐席选择"))
        self.setWindowTitle(tr("专家坐席 · 三方会商"))
        self.resize(520, 420)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(tr("按单位、专家或专长检索（Enter 会商，Esc 取消）："), self))
        self.search = QLineEdit(self)
        self.search.setObjectName("expertSearch")
        self.search.setAccessibleName(tr("检索专家坐席"))
        self.search.setPlaceholderText(tr("例如：人社、社保、物业"))
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose)
        self.list = QListWidget(self)
        self.list.setObjectName("expertList")
        self.list.setAccessibleName(tr("专家坐席列表"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self._choose())
        self.empty = QLabel("", self)
        self.empty.setObjectName("expertEmpty")
        row = QHBoxLayout()
        self.conference = QPushButton(tr("会商（拉入三方）"), self)
        self.conference.setObjectName("expertConference")
        self.conference.setAccessibleName(tr("将所选专家坐席拉入三方通话"))
        self.conference.clicked.connect(self._choose)
        cancel = QPushButton(tr("取消"), self)
        cancel.setObjectName("expertCancel")
        cancel.setAccessibleName(tr("取消"))
        cancel.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(self.conference)
        row.addWidget(cancel)
        for w in (self.search, self.list, self.empty):
            box.addWidget(w)
        box.addLayout(row)
        self.seats: list[ExpertChoice] = []

    def show_seats(self, seats: list[ExpertChoice]) -> None:
        self.seats = sorted(seats, key=lambda s: (s.unit_name, s.name))
        self._filter(self.search.text())

    def open_for_search(self) -> None:
        self.show()
        self.raise_()
        self.search.setFocus()
        self.search.selectAll()

    def _filter(self, text: str) -> None:
        self.list.clear()
        for seat in self.seats:
            if matches(seat, text):
                item = QListWidgetItem(seat_text(seat))
                item.setData(Qt.ItemDataRole.UserRole, seat)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setText("" if self.list.count() else tr("没有符合的专家坐席"))
        self.conference.setEnabled(self.list.count() > 0)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
