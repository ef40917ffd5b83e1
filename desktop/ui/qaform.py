"""The QA scoring form (质检评分): one spin box per criterion of the form file, a comment, a total.

    form.set_criteria([(key, label, max, weight), ...])   # from hotline.qa_form via the app
    form.submitted -> (scores: dict[str, int], comment)    # the app stores it (who and when)
    form.show_saved(total, scorer, when_text)
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.ui.tr import tr


class QaFormWidget(QWidget):
    """See the module docstring."""

    submitted = Signal(dict, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qa_form")
        self.setAccessibleName(tr("质检评分"))
        self.criteria: list[tuple[str, str, int, int]] = []
        self.boxes: dict[str, QSpinBox] = {}
        self.rows = QFormLayout()
        self.comment = QPlainTextEdit(self)
        self.comment.setObjectName("qa_comment")
        self.comment.setAccessibleName(tr("评语"))
        self.comment.setPlaceholderText(tr("评语"))
        self.comment.setMaximumHeight(70)
        self.total = QLabel("", self)
        self.total.setObjectName("qa_total")
        self.total.setAccessibleName(tr("总分"))
        self.total.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.saved = QLabel("", self)
        self.saved.setObjectName("qa_saved")
        self.saved.setAccessibleName(tr("评分记录"))
        self.saved.setWordWrap(True)
        self.submit = QPushButton(tr("提交评分 (Ctrl+Shift+S)"), self)
        self.submit.setObjectName("qa_submit")
        self.submit.setAccessibleName(tr("提交评分"))
        self.submit.setShortcut("Ctrl+Shift+S")
        self.submit.clicked.connect(self._submit)
        box = QVBoxLayout(self)
        title = QLabel(tr("质检评分"), self)
        title.setStyleSheet("font-size: 15px; font-weight: bold;")
        box.addWidget(title)
        box.addLayout(self.rows)
        box.addWidget(self.comment)
        box.addWidget(self.total)
        box.addWidget(self.submit)
        box.addWidget(self.saved)
        box.addStretch(1)

    def set_criteria(self, criteria: list[tuple[str, str, int, int]]) -> None:
        """(key, label, max, weight) in the form's order."""
        while self.rows.rowCount():
            self.rows.removeRow(0)
        self.criteria, self.boxes = list(criteria), {}
        for key, label, top, weight in self.criteria:
            spin = QSpinBox(self)
            spin.setObjectName(f"qa_{key}")
            spin.setAccessibleName(label)
            spin.setRange(0, top)
            spin.setValue(top)
            spin.setSuffix(f" / {top}")
            spin.valueChanged.connect(self._recount)
            self.boxes[key] = spin
            self.rows.addRow(tr("{0}（权重 {1}）", label, weight), spin)
        self._recount()

    def values(self) -> dict[str, int]:
        return {key: box.value() for key, box in self.boxes.items()}

    def _recount(self) -> None:
        total = sum(self.boxes[k].value() / top * w for k, _label, top, w in self.criteria if k in self.boxes)
        self.total.setText(tr("总分 {0}", f"{total:.1f}"))

    def _submit(self) -> None:
        self.submitted.emit(self.values(), self.comment.toPlainText().strip())

    def show_saved(self, text: str) -> None:
        self.saved.setText(text)

    def set_enabled_for(self, may_score: bool) -> None:
        self.setEnabled(may_score)
