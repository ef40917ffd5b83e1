"""The caller pane (screen pop): the number, the queue, the center's flag, a repeated-call hint and the history.

``show_caller(CallerView)`` paints it; ``ticket_chosen(id)`` says the agent opened a ticket and
``chase_requested(id)`` that they chased an open one with one click (Ordos 第十八条(四)).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.ui.tr import tr
from desktop.ui.views import CallerView, TicketLine


def line_text(t: TicketLine) -> str:
    due = ""
    if t.due is not None and t.open:
        mark = tr("（暂定）") if t.provisional else ""
        due = " · " + (tr("已超期 ") if t.overdue else "") + tr("时限 {0}", f"{t.due:%m-%d %H:%M}") + mark
    return f"{t.number} {t.state} {t.category}{due}\n{t.excerpt}"


class CallerPane(QWidget):
    ticket_chosen = Signal(str)
    chase_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callerPane")
        self.setAccessibleName(tr("来电人信息"))
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        self.number = QLabel(tr("等待来电"), self)
        self.number.setObjectName("callerNumber")
        self.number.setAccessibleName(tr("来电号码"))
        self.number.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.queue = QLabel("", self)
        self.queue.setObjectName("callerQueue")
        self.flag = QLabel("", self)
        self.flag.setObjectName("nuisanceFlag")
        self.flag.setWordWrap(True)
        self.flag.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.repeat = QLabel("", self)
        self.repeat.setObjectName("repeatHint")
        self.repeat.setWordWrap(True)
        self.repeat.setStyleSheet("background: #fff3cd; color: #7a4d00; padding: 4px;")
        self.chase = QPushButton(tr("催办此工单"), self)
        self.chase.setObjectName("chaseButton")
        self.chase.setAccessibleName(tr("催办重复来电的工单"))
        self.chase.clicked.connect(self._chase)
        self.history = QListWidget(self)
        self.history.setObjectName("callerHistory")
        self.history.setAccessibleName(tr("历史工单"))
        self.history.setWordWrap(True)
        self.history.itemActivated.connect(lambda item: self.ticket_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        title = QLabel(tr("历史工单（未办结在前）"), self)
        for w in (self.number, self.queue, self.flag, self.repeat, self.chase, title, self.history):
            box.addWidget(w)
        self.view: CallerView | None = None
        self.show_caller(None)

    def show_caller(self, view: CallerView | None) -> None:
        self.view = view
        self.history.clear()
        if view is None:
            self.number.setText(tr("等待来电"))
            for w in (self.queue, self.flag, self.repeat):
                w.setText("")
                w.setVisible(False)
            self.chase.setVisible(False)
            return
        self.number.setText(view.number or view.raw or tr("未知号码"))
        self.queue.setText(tr("来自队列：{0}", view.queue) if view.queue else "")
        self.queue.setVisible(bool(view.queue))
        self.flag.setText(f"⚠ {view.flag}" if view.flag else "")
        self.flag.setVisible(bool(view.flag))
        if view.repeats:
            first = view.repeats[0]
            self.repeat.setText(tr("⚠ 重复来电：{0} {1}，请向来电人说明办理进度，可一键催办", first.number, first.state))
        self.repeat.setVisible(bool(view.repeats))
        self.chase.setVisible(bool(view.repeats))
        if view.error:
            self.history.addItem(tr("历史工单读取失败：{0}", view.error))
        for t in view.tickets:
            item = QListWidgetItem(line_text(t))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            if t.overdue:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.history.addItem(item)
        if not view.tickets and not view.error:
            self.history.addItem(tr("无历史工单"))

    def _chase(self) -> None:
        if self.view is not None and self.view.repeats:
            self.chase_requested.emit(self.view.repeats[0].id)
