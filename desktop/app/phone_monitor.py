"""The team lead's monitoring requests on the desk's phone (监听/耳语/强插), and the agent's side kept
out of sight: a mixin of :class:`desktop.app.phone.PhoneController` (see its module docstring)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace
from typing import Any

from desktop.ui.tr import tr
from hotline.monitoring import MODES as MONITOR_MODES
from telephony.softphone import commands as cmd
from telephony.softphone import model as m


class MonitorRequests:
    """``monitor``, ``set_monitor_mode`` and ``stop_monitor``; the controller provides the engine, relay
    and signals."""

    engine: Any
    refused: Any
    _relay: Any
    _monitor: tuple[str, str, str] | None

    _submit: Any  # PhoneController._submit
    def monitor(self, agent_ext: str, mode: str) -> None:
        """Listen to (listen), whisper to (whisper) or barge in on (barge) an agent's calls; the
        center refuses it unless this desk's user may monitor that agent (told on ``refused``)."""
        if mode not in MONITOR_MODES:
            self.refused.emit("monitor", tr("未知监听方式 (unknown monitoring mode) {0}", mode))
            return
        if self._monitor is not None:
            self.refused.emit("monitor", tr("已在监听 {0}，请先挂断 (already monitoring)", self._monitor[1]))
            return
        if self.engine is None:
            self.refused.emit("monitor", tr("话机未启动 (the phone is not running)"))
            return
        try:
            future: Future[Any] = self.engine.submit(cmd.Dial(str(agent_ext), monitor=mode))
        except Exception as exc:  # noqa: BLE001 - a checked refusal (a fifth call, unregistered, bad number)
            self.refused.emit("monitor", why(exc))
            return

        def dialled(f: Future[Any]) -> None:
            exc = f.exception()
            self._relay.post(("monitor", str(agent_ext), mode, "" if exc is not None else str(f.result()),
                              why(exc) if exc is not None else ""))

        future.add_done_callback(dialled)

    def stop_monitor(self) -> None:
        """End this desk's monitoring call (``monitoring`` then tells mode "")."""
        if self._monitor is None:
            self.refused.emit("monitor", tr("没有进行中的监听 (no monitoring call)"))
            return
        self._submit("monitor", cmd.Hangup(self._monitor[0]))

    def set_monitor_mode(self, mode: str) -> None:
        """Switch this desk's monitoring call to listen / whisper / barge."""
        if mode not in MONITOR_MODES:
            self.refused.emit("monitor", tr("未知监听方式 (unknown monitoring mode) {0}", mode))
            return
        if self._monitor is None:
            self.refused.emit("monitor", tr("没有进行中的监听 (no monitoring call)"))
            return
        self._submit("monitor", cmd.SetMonitorMode(self._monitor[0], mode))



def without_monitors(event: Any) -> Any:
    """The event with the calls a team lead monitors this phone on left out (the desk never shows them)."""
    calls = event.snapshot.calls
    if not any(c.monitor for c in calls) and not getattr(getattr(event, "call", None), "monitor", ""):
        return event
    snapshot = replace(event.snapshot, calls=tuple(c for c in calls if not c.monitor))
    call = getattr(event, "call", None)
    if call is not None and call.monitor:
        return m.PhoneEvent(snapshot)  # nothing about that call reaches the desk
    return replace(event, snapshot=snapshot)



def why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
