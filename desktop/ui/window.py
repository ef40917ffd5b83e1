"""The desk's main window: phone bar on top; caller left, ticket centre, knowledge right; status below.

Panes are created here and handed out; the app connects them to its controllers. The role's panes
decide the layout: an agent gets the caller, ticket (with the specialists' opinions below it) and
knowledge panes and the expert-seat picker (Ctrl+E); a specialist (``specialist_pop`` without
``ticket``) gets the read-only pop of the ticket a conferenced call carries instead. Keyboard: Ctrl+N
new ticket, Ctrl+L the content field, Ctrl+K the knowledge search, Ctrl+U the unit search, Ctrl+E
the expert seats, Ctrl+1…4 the ticket lists (我的工单, 本席今日, 即将到期, 已超期), Ctrl+F the search,
Ctrl+R the recordings browser (a supervisor's centre; a tab beside the lists for agents and team
leads, who see their own or their group's), Ctrl+, the settings, F1 the list of shortcuts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QStatusBar, QTabWidget, QWidget

from desktop.ui.callerpane import CallerPane
from desktop.ui.expertpicker import ExpertPicker
from desktop.ui.knowledgepane import KnowledgePane
from desktop.ui.listspane import ListsPane
from desktop.ui.opinions import OpinionsBox
from desktop.ui.phonebar import EMERGENCY, PhoneBar
from desktop.ui.recordingspane import RecordingsPane
from desktop.ui.specialistpane import SpecialistPane
from desktop.ui.ticketpane import TicketPane
from desktop.ui.tr import tr, tr_noop

SHORTCUTS = tr_noop("""F2 接听　F3 挂断　F4 保持/恢复　F5 静音　F6 转接　Ctrl+D 拨号盘
F8 示闲　F9 示忙　F10 签入/签出
Ctrl+Shift+1…4 一键三方 110/119/120/122　Ctrl+Shift+0 退出三方
Ctrl+N 新工单　Ctrl+L 诉求内容　Ctrl+S 保存受理　Ctrl+U 派发单位　Ctrl+K 知识库　Ctrl+Enter 用此答复
Ctrl+1 我的工单　Ctrl+2 本席今日　Ctrl+3 即将到期　Ctrl+4 已超期　Ctrl+F 搜索工单（双击或回车打开）
Ctrl+E 专家坐席（三方会商）　Ctrl+R 录音查询　Ctrl+, 设置　F1 快捷键
录音播放：空格 播放/暂停　←/→ 后退/前进5秒　[ ] 减速/加速　Home 回到开头　M 加标记""")
AGENT_PANES = ("phone", "screen_pop", "ticket", "knowledge")
LIST_KEYS = ("mine", "seat", "due", "overdue")  # Ctrl+1…4


class DeskWindow(QMainWindow):
    settings_requested = Signal()
    experts_requested = Signal()  # Ctrl+E: the app refreshes the seats from the working copy

    def __init__(self, *, user: str, role: str, profile: str = "national",
                 lines: tuple[tuple[str, str], ...] = EMERGENCY, panes: tuple[str, ...] = AGENT_PANES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskWindow")
        self.setWindowTitle(tr("12345 政务服务便民热线 · 坐席工作台 · {0}（{1}）", user, role))
        self.phone_bar = PhoneBar(lines, self)
        agent = "ticket" in panes
        self.caller = CallerPane(self) if agent else None
        self.ticket = TicketPane(profile, self) if agent else None
        self.opinions = OpinionsBox(self) if agent else None
        self.expert_picker = ExpertPicker(self) if agent else None
        self.specialist = SpecialistPane(self) if not agent and "specialist_pop" in panes else None
        self.knowledge = KnowledgePane(self)
        self.recordings = RecordingsPane(self) if "recordings" in panes else None
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("mainSplitter")
        self.lists = ListsPane(self) if agent else None
        self.center: QTabWidget | None = None
        if agent:
            # the centre: the ticket (with the specialists' opinions below it) and the ticket lists
            ticket = QSplitter(Qt.Orientation.Vertical, split)
            ticket.setObjectName("ticketSplitter")
            ticket.addWidget(self.ticket)
            ticket.addWidget(self.opinions)
            ticket.setSizes([700, 140])
            self.center = QTabWidget(self)
            self.center.setObjectName("centerTabs")
            self.center.setAccessibleName(tr("工单与列表"))
            self.center.addTab(ticket, tr("工单"))
            self.center.addTab(self.lists, tr("工单列表"))
            if self.recordings is not None:
                self.center.addTab(self.recordings, tr("录音"))
            self.ticket_tab = ticket
            split.addWidget(self.caller)
            split.addWidget(self.center)
        elif self.specialist is not None:
            split.addWidget(self.specialist)
        elif self.recordings is not None:  # a supervisor's desk: the recordings browser in the middle
            split.addWidget(self.recordings)
        split.addWidget(self.knowledge)
        split.setSizes([330, 640, 430] if agent else [1100, 300] if self.recordings is not None else [900, 500])
        bar = self._bar_holder()
        bar.setVisible("phone" in panes)  # a supervisor's desk has no phone
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.setCentralWidget(split)
        status = QStatusBar(self)
        status.setObjectName("statusBar")
        self.sync_label = QLabel(tr("同步：{0}", tr("未连接中心")), status)
        self.sync_label.setObjectName("syncStatus")
        self.sync_label.setAccessibleName(tr("同步状态"))
        self.busy_label = QLabel("", status)
        self.busy_label.setObjectName("busyStatus")
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.sync_label)
        self.setStatusBar(status)
        self._keys()

    def _bar_holder(self):  # noqa: ANN202 - a QToolBar holding the phone bar
        from PySide6.QtWidgets import QToolBar

        bar = QToolBar(tr("电话条"), self)
        bar.setObjectName("phoneToolBar")
        bar.setMovable(False)
        bar.addWidget(self.phone_bar)
        return bar

    def _keys(self) -> None:
        keys: list[tuple[str, str, object]] = [
            ("focusKnowledge", "Ctrl+K", self.knowledge.query.setFocus), ("shortcuts", "F1", self.show_shortcuts),
            ("settings", "Ctrl+,", self.settings_requested.emit)]
        if self.ticket is not None:
            keys += [("newTicket", "Ctrl+N", self.ticket.clear),
                     ("focusContent", "Ctrl+L", self.ticket.content.setFocus),
                     ("focusUnits", "Ctrl+U", self.ticket.unit_query.setFocus),
                     ("experts", "Ctrl+E", self.open_experts),
                     *((f"list{i}", f"Ctrl+{i}", lambda _=False, k=key: self.show_list(k))
                       for i, key in enumerate(LIST_KEYS, 1)),
                     ("findTicket", "Ctrl+F", self.find_ticket)]
        if self.recordings is not None:
            keys.append(("recordings", "Ctrl+R", self.show_recordings))
        for name, key, slot in keys:
            action = QAction(name, self)
            action.setObjectName(f"{name}Action")
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)

    def open_experts(self) -> None:
        """The expert-seat picker, focused on its search (Ctrl+E)."""
        if self.expert_picker is not None:
            self.experts_requested.emit()
            self.expert_picker.open_for_search()

    def show_list(self, key: str) -> None:
        if self.center is not None and self.lists is not None:
            self.center.setCurrentWidget(self.lists)
            self.lists.show_list(key)

    def find_ticket(self) -> None:
        if self.center is not None and self.lists is not None:
            self.center.setCurrentWidget(self.lists)
            self.lists.focus_search()

    def show_recordings(self) -> None:
        """The recordings browser, its search form focused (Ctrl+R)."""
        if self.recordings is None:
            return
        if self.center is not None:
            self.center.setCurrentWidget(self.recordings)
        self.recordings.agent.setFocus()

    def show_ticket_pane(self) -> None:
        if self.center is not None:
            self.center.setCurrentWidget(self.ticket_tab)

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, tr("快捷键"), tr(SHORTCUTS))

    def stop_timers(self) -> None:
        """Before the engines stop: no debounced edit or clock tick may fire into them afterwards."""
        from PySide6.QtCore import QTimer

        for timer in self.findChildren(QTimer):
            timer.stop()
        if self.ticket is not None:
            self.ticket.blockSignals(True)

    def notice(self, text: str, ms: int = 8000) -> None:
        self.statusBar().showMessage(text, ms)

    def show_sync(self, text: str, ok: bool) -> None:
        self.sync_label.setText(tr("同步：{0}", text))
        self.sync_label.setStyleSheet("" if ok else "color: #c62828;")

    def show_busy(self, busy: bool) -> None:
        self.busy_label.setText(tr("处理中…") if busy else "")
