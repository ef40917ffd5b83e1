"""The board's queue tiles (coloured by threshold) and the day's 15-minute curve (QtCharts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from desktop.ui.board_models import clock, state_label
from desktop.ui.tr import tr

LEVEL_STYLE = {"ok": ("#e8f5e9", "#2e7d32"), "warn": ("#fff3e0", "#ef6c00"), "alert": ("#ffebee", "#c62828")}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class QueueTile(QFrame):
    """One queue: the live counts large, today's figures below, the frame coloured by level."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"queueTile_{name}")
        self.level = ""
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setVerticalSpacing(2)
        self.title = QLabel(name, self)
        self.title.setObjectName("tileTitle")
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.big = QLabel(self)
        self.big.setObjectName("tileLive")
        big_font = QFont(font)
        big_font.setPointSize(font.pointSize() + 1)
        self.big.setFont(big_font)
        self.day = QLabel(self)
        self.day.setObjectName("tileDay")
        self.agents = QLabel(self)
        self.agents.setObjectName("tileAgents")
        self.agents.setWordWrap(True)
        for row, label in enumerate((self.title, self.big, self.day, self.agents)):
            grid.addWidget(label, row, 0)

    def show_figures(self, q: Any, level: str, label: str) -> None:
        if self.title.text() != label:
            self.title.setText(label)
            self.setAccessibleName(tr("队列 {0}", label))
        self.big.setText(tr("排队 {0}　振铃 {1}　最长 {2}　通话 {3}", q.waiting, q.ringing, clock(q.longest_wait_s),
                            q.talking))
        self.day.setText(tr("今日 呼入 {0}　接通 {1}　放弃 {2}　溢出 {3}\n服务水平({4}秒) {5}　接通率 {6}（目标 {7}）",
                            q.offered, q.answered, q.abandoned, q.overflowed, q.service_level_s,
                            percent(q.service_level), percent(q.answer_rate), percent(q.answer_target)))
        self.agents.setText("　".join(f"{state_label(s)} {n}" for s, n in sorted(q.agents.items())) or tr("无坐席"))
        if level == self.level:
            return  # a style sheet re-polishes the tile: only when the colour changes
        self.level = level
        bg, fg = LEVEL_STYLE.get(level, LEVEL_STYLE["ok"])
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ background: {bg}; border: 3px solid {fg}; "
                           f"border-radius: 6px; }} QLabel {{ color: #212121; }} QLabel#tileTitle {{ color: {fg}; }}")


class CurveChart(QChartView):
    """Offered, answered and abandoned per 15 minutes, and the service level (right axis, %)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle(tr("今日话务曲线（每15分钟）"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        super().__init__(chart, parent)
        self.setObjectName("curveChart")
        self.setAccessibleName(tr("今日话务曲线"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.series: dict[str, QLineSeries] = {}
        self.x = QDateTimeAxis()
        self.x.setFormat("HH:mm")
        self.y = QValueAxis()
        self.y.setLabelFormat("%d")
        self.y_sl = QValueAxis()
        self.y_sl.setRange(0, 100)
        self.y_sl.setTickCount(5)
        self.y_sl.setLabelFormat("%d%%")
        chart.addAxis(self.x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.y_sl, Qt.AlignmentFlag.AlignRight)
        for key, name, colour, axis in (("answered", tr("接通"), "#2e7d32", self.y),
                                        ("offered", tr("呼入"), "#1565c0", self.y),
                                        ("abandoned", tr("放弃"), "#c62828", self.y),
                                        ("sl", tr("服务水平"), "#ef6c00", self.y_sl)):
            s = QLineSeries()
            s.setName(name)
            pen = QPen(QColor(colour), 2.5)
            if key == "offered":  # drawn over 接通, which often follows it closely
                pen.setStyle(Qt.PenStyle.DashLine)
            s.setPen(pen)
            s.setPointsVisible(True)  # a single 15-minute bucket is a point, not a line
            chart.addSeries(s)
            s.attachAxis(self.x)
            s.attachAxis(axis)
            self.series[key] = s

    def show_curve(self, buckets: Any) -> None:
        if buckets == getattr(self, "_shown", None):
            return
        self._shown = buckets
        points: dict[str, list[tuple[float, float]]] = {k: [] for k in self.series}
        top = 10
        for b in buckets:
            ms = float(QDateTime(b.start).toMSecsSinceEpoch())
            points["offered"].append((ms, b.offered))
            points["answered"].append((ms, b.answered))
            points["abandoned"].append((ms, b.abandoned))
            if b.service_level is not None:
                points["sl"].append((ms, b.service_level * 100))
            top = max(top, b.offered)
        for key, s in self.series.items():
            s.replace([QPointF(x, y) for x, y in points[key]])
        if buckets:  # from an hour before the first call (at most the last 12 hours) to now
            busy = [i for i, b in enumerate(buckets) if b.offered]
            first = max(0, (busy[0] if busy else len(buckets) - 1) - 4, len(buckets) - 48)
            spans = len(buckets) - first  # quarter hours shown; ticks fall on quarter hours
            step = -(-spans // 8)
            spans = -(-spans // step) * step
            start = QDateTime(buckets[-1].start).addSecs(900 - spans * 900)
            self.x.setRange(start, QDateTime(buckets[-1].start).addSecs(900))
            self.x.setTickCount(spans // step + 1)
        self.y.setRange(0, top * 1.1)
        self.y.applyNiceNumbers()
