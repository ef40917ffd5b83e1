"""The player's waveform: peaks as bars, the played part tinted, the playhead, marks as flags; click seeks.

Peaks come in computed (desktop.app.waveform on a worker); the widget only paints. ``seek_requested``
carries the millisecond clicked (or chosen with the arrow keys when focused).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.tr import tr

BACKGROUND = QColor("#10202e")
PLAYED = QColor("#4fc3f7")
UNPLAYED = QColor("#5d7487")
PLAYHEAD = QColor("#ffca28")
MARK = QColor("#ff7043")


class WaveformView(QWidget):
    """See the module docstring."""

    seek_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveform")
        self.setAccessibleName(tr("波形"))
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.peaks: list[float] = []
        self.duration_ms = 0
        self.position_ms = 0
        self.marks: list[int] = []
        self.placeholder = ""

    def set_peaks(self, peaks: list[float]) -> None:
        self.peaks = list(peaks)
        self.placeholder = ""
        self.update()

    def set_placeholder(self, text: str) -> None:
        self.peaks, self.placeholder = [], text
        self.update()

    def set_duration(self, ms: int) -> None:
        self.duration_ms = max(0, int(ms))
        self.update()

    def set_position(self, ms: int) -> None:
        self.position_ms = max(0, int(ms))
        self.update()

    def set_marks(self, marks: list[int]) -> None:
        self.marks = sorted(marks)
        self.update()

    def _x(self, ms: int) -> float:
        return self.width() * (ms / self.duration_ms) if self.duration_ms else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.fillRect(self.rect(), BACKGROUND)
        w, h = self.width(), self.height()
        mid = h / 2
        if not self.peaks:
            p.setPen(QColor("#e0e0e0"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder or tr("正在计算波形…"))
            p.end()
            return
        n = len(self.peaks)
        step = w / n
        played_x = self._x(self.position_ms)
        for i, v in enumerate(self.peaks):
            x = i * step
            bar = max(1.0, v * (h - 12) / 2)
            p.fillRect(QRectF(x, mid - bar, max(1.0, step - 0.5), 2 * bar), PLAYED if x < played_x else UNPLAYED)
        p.setPen(QPen(MARK, 2))
        for ms in self.marks:
            x = self._x(ms)
            p.drawLine(int(x), 0, int(x), h)
            p.fillRect(QRectF(x, 0, 8, 8), MARK)
        p.setPen(QPen(PLAYHEAD, 2))
        p.drawLine(int(played_x), 0, int(played_x), h)
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.duration_ms and self.width():
            ratio = min(1.0, max(0.0, event.position().x() / self.width()))
            self.seek_requested.emit(int(ratio * self.duration_ms))
