"""The DTMF pad: twelve keys (and the keyboard's digits, * and #) sent to the current call."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.tr import tr

KEYS = "123456789*0#"


class DialPad(QDialog):
    digit = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialPad")
        self.setWindowTitle(tr("拨号盘"))
        box = QVBoxLayout(self)
        self.sent = QLabel("", self)
        self.sent.setObjectName("dtmfSent")
        self.sent.setAccessibleName(tr("已发送的按键"))
        box.addWidget(self.sent)
        grid = QGridLayout()
        for i, key in enumerate(KEYS):
            button = QPushButton(key, self)
            button.setObjectName(f"dtmf{'star' if key == '*' else 'hash' if key == '#' else key}")
            button.setAccessibleName(tr("按键 {0}", key))
            button.setMinimumSize(48, 40)
            button.clicked.connect(lambda _checked=False, k=key: self._send(k))
            grid.addWidget(button, i // 3, i % 3)
        box.addLayout(grid)

    def _send(self, key: str) -> None:
        self.sent.setText((self.sent.text() + key)[-24:])
        self.digit.emit(key)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        if text and text in KEYS:
            self._send(text)
        else:
            super().keyPressEvent(event)
