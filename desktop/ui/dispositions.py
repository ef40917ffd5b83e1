"""The ticket pane's 处置 box: save, direct answer, not accepted with its class, and dispatch (unit search,
mode, the units found). Only widgets; the pane connects them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tr import tr


def named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class DispositionBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("处置"), parent)
        col = QVBoxLayout(self)
        row = QHBoxLayout()
        self.save: QPushButton = named(QPushButton(tr("保存受理 (Ctrl+S)"), self), "saveButton", tr("保存受理"))
        self.save.setShortcut("Ctrl+S")
        self.answer: QPushButton = named(QPushButton(tr("直接答复"), self), "answerButton", tr("用知识库答复"))
        self.answer.setToolTip(tr("用知识库中选中的文章直接答复（Ctrl+Shift+A）"))
        self.answer.setShortcut("Ctrl+Shift+A")
        self.reject_class: QComboBox = named(QComboBox(self), "notAcceptedClass", tr("不予受理类别"))
        self.not_accept: QPushButton = named(QPushButton(tr("不予受理"), self), "notAcceptButton", tr("不予受理"))
        for w in (self.save, self.answer, self.reject_class, self.not_accept):
            row.addWidget(w)
        col.addLayout(row)
        find = QHBoxLayout()
        self.unit_query: QLineEdit = named(QLineEdit(self), "unitSearch", tr("搜索承办单位"))
        self.unit_query.setPlaceholderText(tr("派发：输入单位名称、代码或职责（Ctrl+U）"))
        self.mode: QComboBox = named(QComboBox(self), "dispatchMode", tr("派发方式"))
        self.dispatch: QPushButton = named(QPushButton(tr("派发"), self), "dispatchButton", tr("派发到选中的单位"))
        find.addWidget(self.unit_query, 1)
        find.addWidget(self.mode)
        find.addWidget(self.dispatch)
        col.addLayout(find)
        self.units: QListWidget = named(QListWidget(self), "unitList", tr("承办单位"))
        self.units.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)  # Ctrl/Shift: several units
        self.units.setMaximumHeight(110)
        col.addWidget(self.units)
