"""The team lead's board (班长监控): queue tiles, the callers waiting, the agents, the day's curve, alerts.

The app (desktop.app.board) hands it a storage.board_read.BoardView with ``show_view`` and the
rules (hotline.board_alerts) with ``set_rules``; the window asks for pages (``page_requested``),
agent actions (``agent_action``: 示忙 / 签出, with a reason) and monitoring (``monitor_requested``:
listen / whisper / barge) by signal. An alert that fires turns its tile or agent red, sounds once
and adds a line to the list of what fired when. F11: full screen (a wall display); Ctrl+Shift+B
示忙, Ctrl+Shift+O 签出, Ctrl+Shift+L/W/G listen/whisper/barge on the selected agent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.board_models import AgentsModel, WaitingModel, clock
from desktop.ui.board_tiles import CurveChart, QueueTile
from desktop.ui.tr import tr, tr_noop

ALERT_TEXT = {"waiting": tr_noop("队列 {0} 排队 {1} 人，超过阈值"),
              "longest-wait": tr_noop("队列 {0} 最长等待 {1}，超过阈值"),
              "answer-rate": tr_noop("队列 {0} 接通率 {1}，低于目标"),
              "not-ready": tr_noop("坐席 {0} 示忙已 {1} 分钟")}
MODES = (("listen", tr_noop("监听")), ("whisper", tr_noop("耳语")), ("barge", tr_noop("强插")))


def _pager(parent: QWidget, name: str) -> tuple[QWidget, QLabel, QPushButton, QPushButton]:
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(box)
    label.setObjectName(f"{name}PageLabel")
    prev, nxt = QPushButton(tr("上一页"), box), QPushButton(tr("下一页"), box)
    for b, key in ((prev, "Prev"), (nxt, "Next")):
        b.setObjectName(f"{name}{key}")
        b.setAccessibleName(b.text())
    row.addWidget(label, 1)
    row.addWidget(prev)
    row.addWidget(nxt)
    return box, label, prev, nxt


class BoardWindow(QMainWindow):
    page_requested = Signal(str, int)  # ("waiting" | "agents", offset)
    agent_action = Signal(str, str, str)  # (agent, "not-ready" | "logout", reason)
    monitor_requested = Signal(str, str)  # (agent extension, "listen" | "whisper" | "barge")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardWindow")
        self.setWindowTitle(tr("12345 班长监控大屏"))
        self.page_size = 50
        self.sound_on = True
        self.sounds = 0  # alerts sounded (the tests read it)
        self.repaints = 0
        self._results_shown: Any = None
        self._labels: dict[str, str] = {}
        self.tiles: dict[str, QueueTile] = {}
        self.queue_label = lambda name: name
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.tiles_row = QHBoxLayout()
        layout.addLayout(self.tiles_row)
        self.updated = QLabel(tr("等待数据…"), body)
        self.updated.setObjectName("boardUpdated")
        layout.addWidget(self.updated)
        split = QSplitter(Qt.Orientation.Horizontal, body)
        split.setObjectName("boardSplitter")
        self.waiting_model, self.agents_model = WaitingModel(self), AgentsModel(self)
        self.waiting_view = self._table(self.waiting_model, "waitingTable", tr("排队来电"))
        self.agents_view = self._table(self.agents_model, "agentsTable", tr("坐席状态"))
        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(tr("排队来电"), left))
        lv.addWidget(self.waiting_view, 1)
        pager, self.waiting_page, prev, nxt = _pager(left, "waiting")
        prev.clicked.connect(lambda: self._page("waiting", -1))
        nxt.clicked.connect(lambda: self._page("waiting", 1))
        lv.addWidget(pager)
        right = QWidget(split)
        rv = QVBoxLayout(right)
        rv.addWidget(QLabel(tr("坐席"), right))
        rv.addWidget(self.agents_view, 1)
        pager, self.agents_page, prev, nxt = _pager(right, "agents")
        prev.clicked.connect(lambda: self._page("agents", -1))
        nxt.clicked.connect(lambda: self._page("agents", 1))
        rv.addWidget(pager)
        rv.addLayout(self._actions(right))
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 1000])
        bottom = QSplitter(Qt.Orientation.Horizontal, body)
        self.chart = CurveChart(bottom)
        bottom.addWidget(self.chart)
        self.alerts = self._titled_list(bottom, "alertsList", tr("告警记录"))
        self.results = self._titled_list(bottom, "leadResults", tr("班长操作结果"))
        bottom.setSizes([800, 360, 300])
        vsplit = QSplitter(Qt.Orientation.Vertical, body)
        vsplit.addWidget(split)
        vsplit.addWidget(bottom)
        vsplit.setSizes([520, 300])
        layout.addWidget(vsplit, 1)
        self.setCentralWidget(body)
        self._keys()

    def _titled_list(self, parent: QSplitter, name: str, title: str) -> QListWidget:
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(title, box))
        items = QListWidget(box)
        items.setObjectName(name)
        items.setAccessibleName(title)
        column.addWidget(items, 1)
        parent.addWidget(box)
        return items

    def _table(self, model: Any, name: str, accessible: str) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setAccessibleName(accessible)
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # not ResizeToContents: every
        header.setDefaultSectionSize(96)  # reset would measure every cell again
        header.setStretchLastSection(True)
        view.setAlternatingRowColors(True)
        return view

    def _actions(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        buttons = [("busyButton", tr("置示忙"), lambda: self._act("not-ready")),
                   ("signOutButton", tr("强制签出"), lambda: self._act("logout"))]
        buttons += [(f"{mode}Button", tr(label), lambda _=False, m=mode: self._monitor(m)) for mode, label in MODES]
        self.action_buttons: dict[str, QPushButton] = {}
        for name, text, slot in buttons:
            b = QPushButton(text, parent)
            b.setObjectName(name)
            b.setAccessibleName(text)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.action_buttons[name] = b
        return row

    def _keys(self) -> None:
        for name, key, slot in (("fullScreen", "F11", self.toggle_full_screen),
                                ("busy", "Ctrl+Shift+B", lambda: self._act("not-ready")),
                                ("signOut", "Ctrl+Shift+O", lambda: self._act("logout")),
                                ("listen", "Ctrl+Shift+L", lambda: self._monitor("listen")),
                                ("whisper", "Ctrl+Shift+W", lambda: self._monitor("whisper")),
                                ("barge", "Ctrl+Shift+G", lambda: self._monitor("barge"))):
            action = QAction(name, self)
            action.setObjectName(f"{name}Action")
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)

    # ---------------------------------------------------------------- requests
    def selected_agent(self) -> str:
        rows = self.agents_view.selectionModel().selectedRows()
        return self.agents_model.agent_at(rows[0].row()) if rows else ""

    def _act(self, action: str) -> None:
        agent = self.selected_agent()
        if agent:
            self.agent_action.emit(agent, action, tr("班长置忙") if action == "not-ready" else "")

    def _monitor(self, mode: str) -> None:
        agent = self.selected_agent()
        if agent:
            self.monitor_requested.emit(agent, mode)

    def _page(self, table: str, step: int) -> None:
        model = self.waiting_model if table == "waiting" else self.agents_model
        offset = max(0, min(model.offset + step * self.page_size, max(0, model.total - 1) // self.page_size
                            * self.page_size))
        if offset != model.offset:
            self.page_requested.emit(table, offset)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # ---------------------------------------------------------------- shown
    def show_view(self, view: Any, levels: dict[str, str], alert_agents: set[str]) -> None:
        """Paint a BoardView: tiles by level, both pages, the curve; the live parts repaint at once."""
        for q in view.queues:
            tile = self.tiles.get(q.queue)
            if tile is None:
                tile = self.tiles[q.queue] = QueueTile(q.queue, self)
                self.tiles_row.addWidget(tile)
            tile.show_figures(q, levels.get(q.queue, "ok"), q.label or self.queue_label(q.queue))
        self._labels = {q.queue: q.label or self.queue_label(q.queue) for q in view.queues}
        self.waiting_model.queue_label = self.agents_model.queue_label = self._label_of(view)
        self.waiting_model.set_page(list(view.waiting), view.waiting_total, self.waiting_model.offset)
        self.agents_model.alert_agents = set(alert_agents)
        self.agents_model.set_page(list(view.agents), view.agents_total, self.agents_model.offset)
        for label, model in ((self.waiting_page, self.waiting_model), (self.agents_page, self.agents_model)):
            first = model.offset + 1 if model.total else 0
            label.setText(tr("第 {0}–{1} 条，共 {2} 条", first, model.offset + len(model.rows), model.total))
        self.chart.show_curve(view.curve)
        if view.lead_results != self._results_shown:
            self._results_shown = view.lead_results
            self.results.clear()
            for r in view.lead_results:
                word = tr("已执行") if r.result == "done" else tr("被拒绝（{0}）", r.why)
                self.results.addItem(f"{r.at.astimezone().strftime('%H:%M:%S')} {r.agent} {r.action} {word}")
        self.updated.setText(tr("更新于 {0}", view.at.astimezone().strftime("%H:%M:%S")))
        # paint the live parts now (the chart, changing every 15 minutes, paints with the event loop)
        for widget in (*self.tiles.values(), self.updated, self.waiting_view.viewport(), self.agents_view.viewport()):
            widget.repaint()
        self.repaints += 1

    def _label_of(self, view: Any) -> Any:
        labels = {q.queue: q.label for q in view.queues}
        return lambda name: labels.get(name, self.queue_label(name))

    def set_offsets(self, waiting: int, agents: int) -> None:
        self.waiting_model.offset, self.agents_model.offset = waiting, agents

    def alert_fired(self, fired: list[Any]) -> None:
        """Add what fired to the list (newest on top) and sound once."""
        for f in fired:
            value = clock(f.value) if f.kind == "longest-wait" else (
                f"{f.value * 100:.1f}%" if f.kind == "answer-rate" else f"{f.value:g}")
            subject = self._labels.get(f.subject, f.subject) if f.kind != "not-ready" else f.subject
            text = tr(ALERT_TEXT[f.kind], subject, value if f.kind != "not-ready" else int(f.value))
            self.alerts.insertItem(0, f"{f.at.astimezone().strftime('%H:%M:%S')}  {text}")
        if fired and self.sound_on:
            self.sounds += 1
            QApplication.beep()
