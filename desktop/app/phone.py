"""The desk's side of the softphone: the engine's events as Qt signals, the bar's requests as commands.

    phone = PhoneController(SoftphoneConfig(...), acd_uri="sip:acd@127.0.0.1:5060")
    phone.snapshot.connect(bar.show_phone)        # every PhoneSnapshot, on the GUI thread
    phone.agent_state.connect(bar.show_state)     # the state the director applied (AgentState)
    phone.start()                                 # off the GUI thread; ``started``/``failed`` tell
    phone.command("answer", call_id)              # never blocks; a refusal comes back on ``refused``

The engine's sink runs on the pjsua2 thread; :class:`~desktop.app.bridge.Relay` queues every event to
the GUI thread. The agent state shown is the one the director applied: the center answers each
state request with a MESSAGE ``state|<state>|<reason>|<until>`` from ``acd@`` (a 202 to the request
only means Kamailio relayed it), so the bar never shows a state the center did not take.

Monitoring (监听/耳语/强插, telephony.softphone.core_monitor): a team lead's desk calls
``monitor("1001", "listen")``, ``set_monitor_mode("barge")`` and ``stop_monitor()``; ``monitoring`` tells the lead's
side (agent, mode; mode "" when it ended). On the agent's desk the monitoring call never appears
among the calls (it is hidden from every snapshot the desk gets); ``monitor_indicator`` (mode, lead)
fires only when the center lets the agent see it.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.bridge import Relay
from desktop.app.phone_monitor import MonitorRequests, without_monitors
from desktop.ui.tr import tr, tr_noop
from telephony.softphone import commands as cmd
from telephony.softphone import model as m

# the agent states as the director names them, with the bar's Chinese labels (translated where shown)
# (the note tells the state 签出 "Signed out" from the button 签出 "Sign out")
STATE_LABELS = {"logged-out": tr_noop("签出", note="坐席状态"), "ready": tr_noop("示闲", note="坐席状态"),
                "not-ready": tr_noop("示忙", note="坐席状态"), "ringing": tr_noop("振铃", note="坐席状态"),
                "talking": tr_noop("通话中", note="坐席状态"), "wrap-up": tr_noop("话后处理", note="坐席状态")}


@dataclass(frozen=True)
class AgentState:
    """The agent state the director applied (``until``: end of wrap-up, when there is one)."""

    state: str
    reason: str = ""
    until: datetime | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


def parse_state(body: str) -> AgentState | None:
    """``state|ready||`` -> AgentState; None when the text is not a state message."""
    parts = body.strip().split("|")
    if len(parts) < 2 or parts[0] != "state" or parts[1] not in STATE_LABELS:
        return None
    until = None
    if len(parts) > 3 and parts[3]:
        try:
            until = datetime.fromisoformat(parts[3])
        except ValueError:
            until = None
    return AgentState(parts[1], parts[2] if len(parts) > 2 else "", until)


class PhoneController(MonitorRequests, QObject):
    """Owns the Softphone engine for the desk (see the module docstring)."""

    snapshot = Signal(object)  # m.PhoneSnapshot
    incoming = Signal(object)  # m.CallSnapshot of a new inbound call, ringing
    agent_state = Signal(object)  # AgentState
    recording = Signal(object)  # m.RecordingWasSaved | m.RecordingDidFail
    refused = Signal(str, str)  # (command, reason): shown next to the bar
    conferenced = Signal(str, str)  # (line number, the caller's call id): a three-way call is up
    dropped = Signal(str)  # line number: the agent left the three-way call
    expert_conferenced = Signal(str, str)  # (seat number, the caller's call id): an expert seat joined
    expert_dropped = Signal(str)  # seat number: the agent left the caller with the expert seat
    monitor_indicator = Signal(str, str)  # (mode, lead's number): the agent is monitored; mode "" when it ends
    monitoring = Signal(str, str)  # (agent's number, mode): this desk's monitoring call; mode "" when it ends
    started = Signal()
    failed = Signal(str)

    def __init__(self, config: Any, acd_uri: str) -> None:
        super().__init__()
        self.config = config
        self.acd_uri = acd_uri
        self.engine: Any = None
        self.last: m.PhoneSnapshot | None = None
        self._relay = Relay()
        self._relay.received.connect(self._on_event)
        self._seen_incoming: set[str] = set()
        self._consults: dict[str, tuple[str, str, bool]] = {}  # consult leg -> (number, caller's call, expert?)
        self._lines: dict[str, tuple[str, bool]] = {}  # a conferenced leg -> (its number, expert?)
        self._monitor: tuple[str, str, str] | None = None  # this desk's monitoring call: (call id, agent, mode)

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> None:
        """Start the engine on a helper thread (libCreate and the transport take a while)."""
        from telephony.softphone import Softphone

        def run() -> None:
            try:
                self.engine = Softphone(self.config, sink=self._relay.post)
                self.engine.start()
            except Exception as exc:  # noqa: BLE001 - reported to the GUI
                self._relay.post(("failed", f"{type(exc).__name__}: {exc}"))
                return
            self._relay.post(("started", ""))

        threading.Thread(target=run, name="desk-phone-start", daemon=True).start()

    def stop(self) -> None:
        if self.engine is not None:
            self.engine.stop()

    # ---------------------------------------------------------------- requests
    def command(self, name: str, call_id: str = "", value: Any = None) -> None:
        """Run a call command by name: answer, reject, hangup, hold, resume, mute, unmute, dtmf, dial,
        consult, transfer, complete, conference, dropout. A refusal arrives on ``refused``."""
        try:
            command = self._build(name, call_id, value)
        except ValueError as exc:
            self.refused.emit(name, str(exc))
            return
        self._submit(name, command)

    def request_state(self, state: str, reason: str = "") -> None:
        """Ask the director for 示闲/示忙/签出; the bar changes when the center says it applied it."""
        word = {"ready": "ready", "not-ready": "not-ready", "logged-out": "logout", "wrap-extend": "wrap-up-extend",
                "wrap-done": "wrap-up-done"}.get(state)
        if word is None:
            self.refused.emit("state", tr("未知状态 (unknown state) {0}", state))
            return
        body = f"{word}:{reason}" if word in ("not-ready", "wrap-up-extend") and reason else word
        self._submit("state", cmd.SendMessage(self.acd_uri, body))

    def lead_request(self, agent: str, action: str, reason: str = "") -> None:
        """A team lead asks the director to set ``agent`` to 示忙 (``not-ready``) or sign them out
        (``logout``); the director checks the lead's group (telephony.center.lead_actions)."""
        if action not in ("not-ready", "logout") or not agent.isdigit():
            self.refused.emit("lead", tr("无效的班长操作 (bad team-lead request) {0}", action))
            return
        body = f"lead:{action}:{agent}:{reason}" if reason else f"lead:{action}:{agent}"
        self._submit("lead", cmd.SendMessage(self.acd_uri, body.replace(",", "，")))

    def three_way(self, number: str, call_id: str, headers: tuple[tuple[str, str], ...] = (),
                  expert: bool = False) -> None:
        """One key: call ``number`` (110, a utility line), then conference it with the caller
        (Hohhot 第十二条 一键转接; Ordos 第十八条(一) 三方通话); the agent may drop out after.
        ``expert``: an expert seat (专家坐席) reached through the center, with ``headers`` (the ticket);
        it is told on ``expert_conferenced``/``expert_dropped`` instead of ``conferenced``/``dropped``."""
        if self.engine is None:
            self.refused.emit("three-way", tr("话机未启动 (the phone is not running)"))
            return
        try:
            future: Future[Any] = self.engine.submit(cmd.Dial(number, consult=True, headers=headers))
        except Exception as exc:  # noqa: BLE001 - a checked refusal (a fifth call, unregistered)
            self.refused.emit("three-way", _why(exc))
            return

        def dialled(f: Future[Any]) -> None:
            exc = f.exception()
            self._relay.post(("consult", number, call_id, "" if exc is not None else str(f.result()),
                              _why(exc) if exc is not None else "", expert))

        future.add_done_callback(dialled)

    def _build(self, name: str, call_id: str, value: Any) -> Any:
        simple = {"answer": cmd.Answer, "reject": cmd.Reject, "hangup": cmd.Hangup, "hold": cmd.Hold,
                  "resume": cmd.Resume}
        if name in simple:
            return simple[name](call_id)
        if name in ("mute", "unmute"):
            return cmd.Mute(call_id, muted=name == "mute")
        if name == "dtmf":
            return cmd.SendDtmf(call_id, str(value))
        if name in ("dial", "consult"):
            return cmd.Dial(str(value), consult=name == "consult")
        if name == "transfer":
            return cmd.BlindTransfer(call_id, str(value))
        if name == "complete":
            return cmd.CompleteTransfer(call_id, str(value))
        if name == "conference":
            return cmd.Conference(tuple(value))
        if name == "dropout":
            return cmd.DropOut(call_id, str(value))
        raise ValueError(tr("未知操作 (unknown command) {0}", name))

    def _submit(self, name: str, command: Any) -> None:
        if self.engine is None:
            self.refused.emit(name, tr("话机未启动 (the phone is not running)"))
            return
        try:
            future: Future[Any] = self.engine.submit(command)
        except Exception as exc:  # noqa: BLE001 - a checked refusal (named error) or a stopped engine
            self.refused.emit(name, _why(exc))
            return
        other = str(getattr(command, "other_id", ""))
        future.add_done_callback(lambda f, n=name: self._done(n, f, other))

    def _done(self, name: str, future: Future[Any], other: str = "") -> None:
        exc = future.exception()
        if exc is not None:
            self._relay.post(("refused", name, _why(exc)))
        elif name == "dropout" and other in self._lines:
            number, expert = self._lines.pop(other)
            self._relay.post(("expert-dropped" if expert else "dropped", number))

    # ---------------------------------------------------------------- events (GUI thread)
    def _on_event(self, event: Any) -> None:
        if isinstance(event, tuple):
            kind = event[0]
            if kind == "started":
                self.started.emit()
            elif kind == "failed":
                self.failed.emit(event[1])
            elif kind == "refused":
                self.refused.emit(event[1], event[2])
            elif kind == "dropped":
                self.dropped.emit(event[1])
            elif kind == "expert-dropped":
                self.expert_dropped.emit(event[1])
            elif kind == "monitor":
                _, agent, mode, leg, why = event
                if why:
                    self.refused.emit("monitor", why)
                else:
                    self._monitor = (leg, agent, mode)
                    self.monitoring.emit(agent, mode)
            elif kind == "consult":
                _, number, caller_call, leg, why, expert = event
                if why:
                    self.refused.emit("three-way", why)
                else:
                    self._consults[leg] = (number, caller_call, expert)
            return
        if isinstance(event, m.MonitorDidChange):
            if event.shown:
                self.monitor_indicator.emit(event.mode, event.lead)
            return
        event = without_monitors(event)
        previous = self.last
        self.last = event.snapshot
        self.snapshot.emit(event.snapshot)
        if (isinstance(event, m.RegistrationDidChange) and event.snapshot.registration == m.Registration.FAILED
                and (previous is None or previous.registration != m.Registration.FAILED)):
            s = event.snapshot
            self.refused.emit("register", tr("注册失败：{0} {1}（检查中心地址和密码；工单和知识库可离线使用）",
                                             s.registration_code, s.registration_reason))
        if isinstance(event, m.CallDidChange) and event.call is not None:
            c = event.call
            if self._monitor is not None and c.call_id == self._monitor[0] and c.monitoring != self._monitor[2]:
                self._monitor = (c.call_id, self._monitor[1], c.monitoring)
                self.monitoring.emit(self._monitor[1], c.monitoring)
            if c.call_id in self._consults and c.state == m.CallState.CONFIRMED:
                number, caller_call, expert = self._consults.pop(c.call_id)
                self._lines[c.call_id] = (number, expert)
                self._submit("conference", cmd.Conference((caller_call, c.call_id)))
                (self.expert_conferenced if expert else self.conferenced).emit(number, caller_call)
            if (c.direction == m.Direction.INBOUND and c.state in (m.CallState.INCOMING, m.CallState.EARLY)
                    and c.call_id not in self._seen_incoming):
                self._seen_incoming.add(c.call_id)
                self.incoming.emit(c)
        elif isinstance(event, m.CallDidEnd) and event.call is not None:
            if self._monitor is not None and event.call.call_id == self._monitor[0]:
                agent = self._monitor[1]
                self._monitor = None
                self.monitoring.emit(agent, "")
                if not event.call.answered_at:
                    self.refused.emit("monitor", tr("监听未接通：{0}", event.call.reason or event.call.status_code))
            self._seen_incoming.discard(event.call.call_id)
            self._lines.pop(event.call.call_id, None)
            if event.call.call_id in self._consults:  # the line or seat did not answer: back to the caller
                number, caller_call, _ = self._consults.pop(event.call.call_id)
                self.refused.emit("three-way", tr("{0} 未接通：{1}", number, event.call.reason or event.call.status_code))
                held = self.last.call(caller_call) if self.last is not None else None
                if held is not None and held.held:
                    self._submit("resume", cmd.Resume(caller_call))
        elif isinstance(event, m.MessageWasReceived) and "acd@" in event.from_uri:
            state = parse_state(event.body)
            if state is not None:
                self.agent_state.emit(state)
        elif isinstance(event, m.MessageDidComplete) and event.code not in (200, 202):
            self.refused.emit("state", tr("中心未收到请求 (the center did not get it): {0} {1}", event.code, event.reason))
        elif isinstance(event, (m.RecordingWasSaved, m.RecordingDidFail)):
            self.recording.emit(event)


def _why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
