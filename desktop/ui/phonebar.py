"""The phone bar across the top of the desk: agent state, registration, the calls and their controls.

It shows what it is given (``show_phone(PhoneSnapshot)``, ``show_state(AgentState)``) and says what
the agent asked for by signal; it never talks to the engine. Every action has a keyboard shortcut,
shown in its tooltip, so the main flow works without a mouse:

    F2 接听  F3 挂断  F4 保持/恢复  F5 静音  F6 转接  F7 会议  F8 示闲  F9 示忙  F10 签入/签出
    Ctrl+T 咨询（另拨）  Ctrl+Shift+T 完成转接  F11 延长话后处理  F12 完成话后处理
    Ctrl+Shift+1..4  110 119 120 122 (三方通话)   Ctrl+Shift+0 退出三方
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tr import tr, tr_noop
from telephony.softphone.model import CallSnapshot, CallState, Direction, PhoneSnapshot, Registration

# the reasons and line names stay Chinese as data (sent to the director, kept in settings); shown with tr()
NOT_READY_REASONS = (tr_noop("小休"), tr_noop("用餐"), tr_noop("培训"), tr_noop("会议"), tr_noop("工单处理"))
EMERGENCY = (("110", tr_noop("公安")), ("119", tr_noop("消防")), ("120", tr_noop("急救")), ("122", tr_noop("交警")))
OTHER_LINES = (tr_noop("供电"),)  # the settings' default fifth line (95598)
MONITOR_MODES = {"listen": tr_noop("监听", note="监听方式"), "whisper": tr_noop("耳语", note="监听方式"),
                 "barge": tr_noop("强插", note="监听方式")}

def current_call(snapshot: PhoneSnapshot | None) -> CallSnapshot | None:
    """The call the controls act on: a ringing inbound call first, else the live unheld one, else any."""
    if snapshot is None:
        return None
    calls = [c for c in snapshot.calls if c.state != CallState.DISCONNECTED]
    for c in calls:
        if c.direction == Direction.INBOUND and c.state in (CallState.INCOMING, CallState.EARLY):
            return c
    for c in calls:
        if c.state == CallState.CONFIRMED and not c.held:
            return c
    return calls[0] if calls else None


def _mmss(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class PhoneBar(QWidget):
    """See the module docstring."""

    state_requested = Signal(str, str)  # (ready | not-ready | logged-out, reason)
    call_command = Signal(str, str, object)  # (command name, call id, value)
    line_requested = Signal(str, str)  # (number, call id): a three-way call to an emergency/utility line
    dialpad_requested = Signal(str)  # call id

    def __init__(self, lines: tuple[tuple[str, str], ...] = EMERGENCY, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phoneBar")
        self.setAccessibleName(tr("电话条"))
        self.snapshot: PhoneSnapshot | None = None
        self.state_name = "logged-out"
        self.state_since = datetime.now()
        self.wrap_until: datetime | None = None
        self.queue_label: Any = lambda name: name  # the plan's label of a queue, set by the app
        rows = QVBoxLayout(self)
        rows.setContentsMargins(8, 2, 8, 2)
        rows.setSpacing(2)
        info = QHBoxLayout()
        info.setSpacing(14)
        row = QHBoxLayout()
        row.setSpacing(4)
        rows.addLayout(info)
        rows.addLayout(row)
        self.state_label = self._label("agentState", tr("坐席状态"), f"● {tr('签出', note='坐席状态')}", bold=True)
        self.state_label.setMinimumWidth(130)
        self.reg_label = self._label("registration", tr("注册状态"), Registration.UNREGISTERED.label)
        self.call_label = self._label("callInfo", tr("当前通话"), tr("无通话"))
        self.quality_label = self._label("callQuality", tr("通话质量"), "")
        self.record_label = self._label("recording", tr("录音状态"), "")
        self.monitor_label = self._label("monitored", tr("班长监听提示"), "")
        self.monitor_label.setStyleSheet("color: #6a1b9a; font-weight: bold;")
        self.monitor_label.hide()
        for w in (self.state_label, self.reg_label, self.call_label, self.quality_label, self.record_label,
                  self.monitor_label):
            info.addWidget(w)
        info.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        self._add(row, "login", tr("签入"), "F10", lambda: self._toggle_login())
        self._add(row, "ready", tr("示闲"), "F8", lambda: self.state_requested.emit("ready", ""))
        busy = self._add(row, "notReady", tr("示忙"), "F9", lambda: self._not_ready())
        menu = QMenu(busy)
        for reason in NOT_READY_REASONS:
            menu.addAction(tr(reason), lambda _checked=False, r=reason: self.state_requested.emit("not-ready", r))
        busy.setMenu(menu)
        busy.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        row.addSpacing(16)
        self._add(row, "answer", tr("接听"), "F2", lambda: self._call("answer"))
        self._add(row, "hangup", tr("挂断"), "F3", lambda: self._call("hangup"))
        self._add(row, "hold", tr("保持"), "F4", lambda: self._hold())
        self._add(row, "mute", tr("静音"), "F5", lambda: self._mute())
        self._add(row, "transfer", tr("转接"), "F6", lambda: self._transfer())
        self._add(row, "consult", tr("咨询"), "Ctrl+T", lambda: self._consult())
        self._add(row, "complete", tr("完成转接"), "Ctrl+Shift+T", lambda: self._pair("complete"))
        self._add(row, "conference", tr("会议", note="三方会议按钮"), "F7", lambda: self._conference())
        self._add(row, "dialpad", tr("拨号盘"), "Ctrl+D", lambda: self._with_call(self.dialpad_requested.emit))
        row.addSpacing(16)
        for i, (number, label) in enumerate(lines):
            key = f"Ctrl+Shift+{i + 1}" if i < 9 else ""
            self._add(row, f"line{number}", f"{number}\n{tr(label)}", key,
                      lambda _checked=False, n=number: self._with_call(lambda cid: self.line_requested.emit(n, cid)),
                      tip=tr("一键三方：{0} {1}（与来电人三方通话，随后可退出）", tr(label), number))
        self._add(row, "dropOut", tr("退出三方"), "Ctrl+Shift+0", lambda: self._call("dropout"))
        row.addSpacing(16)
        self._add(row, "wrapExtend", tr("延长话后"), "F11", lambda: self.state_requested.emit("wrap-extend", "60"),
                  tip=tr("话后处理再延长 60 秒"))
        self._add(row, "wrapDone", tr("完成话后"), "F12", lambda: self.state_requested.emit("wrap-done", ""),
                  tip=tr("结束话后处理，示闲接听下一个来电"))
        row.addStretch(1)
        for name, button in self.buttons.items():
            if name.startswith("line"):
                button.setStyleSheet("QToolButton:enabled { color: #b71c1c; font-weight: bold; }")
        self.buttons["answer"].setStyleSheet(
            "QToolButton:enabled { background: #2e7d32; color: white; font-weight: bold; }")
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._refresh()

    # ---------------------------------------------------------------- building
    def _label(self, name: str, accessible: str, text: str, bold: bool = False) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        if bold:
            label.setStyleSheet("font-weight: bold;")
        return label

    def _add(self, row: QHBoxLayout, name: str, text: str, key: str, slot: Any, tip: str = "") -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(f"{name}Button")
        button.setAccessibleName(text.replace("\n", " "))
        button.setText(text)
        button.setMinimumSize(QSize(50, 36))
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        action = QAction(text.replace("\n", " "), self)
        action.setObjectName(f"{name}Action")
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        button.clicked.connect(action.trigger)
        button.setToolTip(tr("{0}（{1}）", tip or text.replace("\n", " "), key) if key else (tip or text))
        row.addWidget(button)
        self.buttons[name] = button
        return button

    # ---------------------------------------------------------------- requests
    def _toggle_login(self) -> None:
        self.state_requested.emit("logged-out" if self.state_name != "logged-out" else "ready", "")

    def _not_ready(self) -> None:
        self.state_requested.emit("not-ready", NOT_READY_REASONS[0])

    def _with_call(self, fn: Any) -> None:
        call = current_call(self.snapshot)
        if call is not None:
            fn(call.call_id)

    def _call(self, name: str) -> None:
        call = current_call(self.snapshot)
        if call is None:
            return
        if name == "dropout":
            others = [c for c in self.snapshot.calls if c.call_id != call.call_id  # type: ignore[union-attr]
                      and c.state == CallState.CONFIRMED]
            if others:
                self.call_command.emit("dropout", call.call_id, others[0].call_id)
            return
        self.call_command.emit(name, call.call_id, None)

    def _live(self) -> list[CallSnapshot]:
        return [c for c in (self.snapshot.calls if self.snapshot else ()) if c.state == CallState.CONFIRMED]

    def _consult(self) -> None:
        if not self._live():
            return
        number, ok = QInputDialog.getText(self, tr("咨询"), tr("另拨号码（来电人保持等候）："))
        if ok and number.strip():
            self.call_command.emit("consult", "", number.strip())

    def _pair(self, name: str) -> None:
        """complete: hand the held caller to the consulted party (attended transfer)."""
        live = self._live()
        held = [c for c in live if c.held]
        other = [c for c in live if not c.held]
        if held and other:
            self.call_command.emit(name, held[0].call_id, other[0].call_id)

    def _conference(self) -> None:
        live = self._live()
        if len(live) >= 2:
            self.call_command.emit("conference", "", tuple(c.call_id for c in live[:3]))

    def _hold(self) -> None:
        call = current_call(self.snapshot)
        if call is not None:
            self.call_command.emit("resume" if call.held else "hold", call.call_id, None)

    def _mute(self) -> None:
        call = current_call(self.snapshot)
        if call is not None:
            self.call_command.emit("unmute" if call.muted else "mute", call.call_id, None)

    def _transfer(self) -> None:
        call = current_call(self.snapshot)
        if call is None:
            return
        number, ok = QInputDialog.getText(self, tr("转接"), tr("转接到号码（分机、专家坐席或外线）："))
        if ok and number.strip():
            self.call_command.emit("transfer", call.call_id, number.strip())

    # ---------------------------------------------------------------- showing
    def show_phone(self, snapshot: PhoneSnapshot) -> None:
        self.snapshot = snapshot
        self._refresh()

    def show_monitor(self, mode: str, lead: str) -> None:
        """A team lead listens, whispers or barges in (shown only when the center's setting allows it);
        ``mode`` "" when the session ended."""
        label = MONITOR_MODES.get(mode)
        self.monitor_label.setVisible(label is not None)
        self.monitor_label.setText(tr("● 班长 {0} {1}中", lead, tr(label, note="监听方式")) if label else "")

    def show_state(self, state: Any) -> None:
        """The state the director applied (desktop.app.phone.AgentState)."""
        if state.state != self.state_name:
            self.state_since = datetime.now()
        self.state_name = state.state
        self.wrap_until = getattr(state, "until", None)
        reason = tr("（{0}）", tr(state.reason)) if state.reason else ""
        self.state_label.setText(f"● {tr(state.label, note='坐席状态')}{reason}")
        self.state_label.setProperty("agentState", state.state)
        self._refresh()

    def _tick(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        snap = self.snapshot
        reg = snap.registration if snap is not None else Registration.UNREGISTERED
        user = snap.account_uri.split(":", 1)[-1].split("@", 1)[0] if snap is not None else ""
        self.reg_label.setText(f"{reg.label} {user}".strip())
        call = current_call(snap)
        live = [c for c in (snap.calls if snap else ()) if c.state != CallState.DISCONNECTED]
        if call is None:
            self.call_label.setText(tr("无通话"))
            self.quality_label.setText("")
        else:
            since = call.answered_at or call.started_at
            clock = _mmss((datetime.now(since.tzinfo) - since).total_seconds()) if since else "00:00"
            who = call.caller_number or call.remote_uri
            queue = f" · {self.queue_label(call.queue)}" if call.queue else ""
            extra = tr("（另有 {0} 路）", len(live) - 1) if len(live) > 1 else ""
            flags = "".join(" " + f for f, on in ((tr("保持", note="通话已保持"), call.held),
                                                  (tr("静音", note="通话已静音"), call.muted)) if on)
            self.call_label.setText(f"{call.state.label} {who}{queue} {clock}{flags}{extra}")
            q = call.quality
            self.quality_label.setText(f"MOS {q.mos:.1f}" if q is not None and getattr(q, "mos", None) else "")
        alarm = snap.recording_alarm if snap is not None else ""
        recording = any(c.state == CallState.CONFIRMED and c.interaction_id for c in live)
        self.record_label.setText(tr("⚠ 录音告警") if alarm else (tr("● 录音") if recording else ""))
        self.record_label.setToolTip(alarm)
        self.record_label.setStyleSheet("color: #c62828; font-weight: bold;" if alarm else "color: #c62828;")
        ringing = call is not None and call.direction == Direction.INBOUND and call.state in (
            CallState.INCOMING, CallState.EARLY)
        talking = call is not None and call.state == CallState.CONFIRMED
        self.buttons["answer"].setEnabled(ringing)
        for name in ("hangup",):
            self.buttons[name].setEnabled(call is not None)
        for name in ("hold", "mute", "transfer", "dialpad"):
            self.buttons[name].setEnabled(talking)
        for name, button in self.buttons.items():
            if name.startswith("line"):
                button.setEnabled(talking)
        confirmed = [c for c in live if c.state == CallState.CONFIRMED]
        self.buttons["dropOut"].setEnabled(talking and len(confirmed) > 1)
        self.buttons["consult"].setEnabled(talking and len(live) < 4)
        self.buttons["complete"].setEnabled(any(c.held for c in confirmed) and len(confirmed) > 1)
        self.buttons["conference"].setEnabled(len(confirmed) > 1)
        wrapping = self.state_name == "wrap-up"
        self.buttons["wrapExtend"].setEnabled(wrapping)
        self.buttons["wrapDone"].setEnabled(wrapping)
        logged_in = self.state_name != "logged-out"
        self.buttons["login"].setText(tr("签出") if logged_in else tr("签入"))
        self.buttons["ready"].setEnabled(logged_in and self.state_name != "ready")
        self.buttons["notReady"].setEnabled(logged_in)
        if self.state_name == "wrap-up" and self.wrap_until is not None:
            left = (self.wrap_until - datetime.now(self.wrap_until.tzinfo)).total_seconds()
            self.state_label.setText(f"● {tr('话后处理', note='坐席状态')} {_mmss(left)}")
