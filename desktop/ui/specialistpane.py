"""The specialist's pop (专家坐席): the ticket a conferenced call carries, read-only, and the opinion.

``show_waiting()`` between calls; ``show_pending(number)`` while the ticket has not reached this
desk's working copy (the app retries after the next sync); ``show_ticket(SpecialistView)`` paints
the ticket with its running clocks, the caller's history and the opinions so far. The specialist
types an opinion and submits it (Ctrl+Enter): ``opinion_requested(ticket id, text)``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.callerpane import line_text
from desktop.ui.opinions import OpinionsBox
from desktop.ui.tr import tr
from desktop.ui.views import DueLine, SpecialistView


def clock_text(d: DueLine) -> str:
    mark = tr("（暂定）") if d.provisional else ""
    return f"{tr(d.label)} {d.due:%m-%d %H:%M}{mark}" if d.due else f"{tr(d.label)} {d.note}"


class SpecialistPane(QWidget):
    opinion_requested = Signal(str, str)  # (ticket id, text)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("specialistPane")
        self.setAccessibleName(tr("专家会商工单"))
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        self.title = self._label("specialistTitle", tr("会商工单"), "font-size: 16px; font-weight: bold;")
        self.status = self._label("specialistStatus", tr("会商状态"))
        self.facts = self._label("specialistFacts", tr("工单要素"))
        self.clocks = self._label("specialistClocks", tr("办理时限"), "color: #0d47a1;")
        self.content = QPlainTextEdit(self)
        self.content.setObjectName("specialistContent")
        self.content.setAccessibleName(tr("诉求内容（只读）"))
        self.content.setReadOnly(True)
        self.history = QListWidget(self)
        self.history.setObjectName("specialistHistory")
        self.history.setAccessibleName(tr("来电人历史工单"))
        self.history.setWordWrap(True)
        self.opinions = OpinionsBox(self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("opinionText")
        self.text.setAccessibleName(tr("专家意见"))
        self.text.setPlaceholderText(tr("输入专家意见（Ctrl+Enter 提交）"))
        self.submit = QPushButton(tr("提交专家意见"), self)
        self.submit.setObjectName("submitOpinion")
        self.submit.setAccessibleName(tr("提交专家意见"))
        self.submit.clicked.connect(self._submit)
        QShortcut(QKeySequence("Ctrl+Return"), self.text, activated=self._submit)
        for w in (self.title, self.status, self.facts, self.clocks, QLabel(tr("诉求内容"), self), self.content,
                  QLabel(tr("来电人历史工单"), self), self.history, self.opinions, self.text, self.submit):
            box.addWidget(w)
        self.view: SpecialistView | None = None
        self.error_code = ""  # the last refusal's error type (tests and logs read it)
        self.show_waiting()

    def _label(self, name: str, accessible: str, style: str = "") -> QLabel:
        label = QLabel("", self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        return label

    def show_waiting(self, note: str = "") -> None:
        self.view = None
        self.title.setText(tr("会商工单"))
        self.status.setText(note or tr("等待专家会商来电"))
        for w in (self.facts, self.clocks):
            w.setText("")
        self.content.setPlainText("")
        self.history.clear()
        self.opinions.show_opinions(())
        self.submit.setEnabled(False)

    def show_pending(self, number: str) -> None:
        self.show_waiting(tr("工单 {0} 尚未同步到本机，下次同步后自动重试…", number or ""))
        self.title.setText(f"{tr('会商工单')} {number}".strip())

    def show_ticket(self, view: SpecialistView) -> None:
        fresh = self.view is None or self.view.ticket_id != view.ticket_id or self.view.open != view.open
        self.view = view
        self.title.setText(f"{tr('会商工单')} {view.number} · {view.state}")
        if fresh:  # a refresh after a sync keeps the last note (已提交…)
            self.status.setStyleSheet("")
            self.status.setText(tr("只读：工单由话务员受理；可提交专家意见") if view.open else tr("工单已办结，不能再提交专家意见"))
        self.facts.setText(tr("类别：{0} · 紧急程度：{1} · 来电人：{2} · 受理时间：{3}", view.category, view.urgency,
                              view.caller, f"{view.created:%m-%d %H:%M}"))
        self.clocks.setText("　".join(clock_text(d) for d in view.clocks) or tr("无运行中的时限"))
        self.content.setPlainText(view.content)
        self.history.clear()
        for t in view.history:
            self.history.addItem(line_text(t))
        if not view.history:
            self.history.addItem(tr("无历史工单"))
        self.opinions.show_opinions(view.opinions)
        self.submit.setEnabled(view.open)

    def show_saved(self, note: str) -> None:
        self.error_code = ""
        self.text.setPlainText("")
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText(note)

    def show_refusal(self, message: str, code: str = "") -> None:
        self.error_code = code
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(message)

    def _submit(self) -> None:
        text = self.text.toPlainText().strip()
        if self.view is None:
            return
        if not text:
            self.show_refusal(tr("请先输入专家意见"), "empty")
            return
        self.opinion_requested.emit(self.view.ticket_id, text)
