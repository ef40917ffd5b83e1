"""The agent's side of listen / whisper / barge (监听/耳语/强插), on the pjsua2 thread.

A team lead's phone calls the agent's with ``X-Hotline-Monitor: <mode>``; the center keeps that
header only from a lead allowed to monitor this agent (resources/kamailio/center.cfg, route[MONITOR])
and adds ``X-Hotline-Monitor-Show`` (whether the agent sees an indicator). The phone answers such a
call at once, without ringing, in its own interaction (never recorded as a call of its own), and the
bridge links it by mode (:func:`telephony.softphone.media.monitor_links`). The lead switches mode with
an in-dialog MESSAGE (``application/x-hotline-monitor``, body = the mode). A fifth call is refused
486 before any of this (the customer's call is not touched). Each start, switch and end is a
:class:`~telephony.softphone.model.MonitorDidChange` event.

The optional ear recording (``SoftphoneConfig.ear_recording``) writes what the agent hears — every
port linked to the speaker — to one WAV: a diagnostic, and how tests prove who hears whom.
"""

from __future__ import annotations

import logging
from typing import Any

import pjsua2 as pj

from hotline.monitoring import MODE_CONTENT_TYPE, MODES, MONITOR_HEADER, SHOW_HEADER
from telephony.softphone import model as m
from telephony.softphone.calls import CallRecord, op
from telephony.softphone.media import Link
from telephony.softphone.uri import header_value

log = logging.getLogger("telephony.softphone")


class MonitorMixin:
    """Monitoring calls and the ear recording for :class:`~telephony.softphone.core.PhoneCore`."""

    calls: dict[str, CallRecord]
    ear: Any
    config: Any

    def _take_monitor(self, rec: CallRecord, call: Any, message: str, source: str) -> bool:
        """Answer a monitoring request at once; False when the INVITE is an ordinary call.

        Only a request the center relayed counts: from the registrar's address, carrying the
        center's X-Hotline-Monitor-Show. Anything sent straight to the phone's port (a phone without
        a registrar takes calls from anyone) is an ordinary call that rings."""
        mode = header_value(message, MONITOR_HEADER).strip().lower()
        if mode not in MODES:
            return False
        if not from_registrar(self.config.registrar, source) or not header_value(message, SHOW_HEADER).strip():
            log.warning("monitoring request from %s not through the center: treated as a call", source)
            return False
        rec.monitor = mode
        rec.monitor_shown = header_value(message, SHOW_HEADER).strip() == "1"
        call.answer(op(200))
        rec.state = m.CallState.CONNECTING  # answered already: it never rings at the desk
        self._monitor_event(rec)
        self._changed(rec)  # type: ignore[attr-defined]
        return True

    def on_call_message(self, call: Any, content_type: str, body: str) -> None:
        """An in-dialog MESSAGE: on a monitoring call, the lead switching mode."""
        rec = self.calls.get(call.call_id)
        mode = body.strip().lower()
        if rec is None or not rec.monitor or content_type.split(";")[0].strip().lower() != MODE_CONTENT_TYPE:
            return
        if mode not in MODES:
            log.warning("monitoring call %s: unknown mode %.40r ignored", rec.call_id, body)
            return
        rec.monitor = mode
        self.rewire()  # type: ignore[attr-defined]
        self._monitor_event(rec)
        self._changed(rec)  # type: ignore[attr-defined]

    def _monitor_event(self, rec: CallRecord, ended: bool = False) -> None:
        mode = "" if ended else rec.monitor
        self.emit(lambda s: m.MonitorDidChange(s, rec.call_id, mode, rec.caller_number,  # type: ignore[attr-defined]
                                               rec.monitor_shown))

    # ------------------------------------------------------------------ the ear recording
    def _make_ear(self, path: Any) -> None:
        if path is None:
            return
        recorder = pj.AudioMediaRecorder()
        recorder.createRecorder(str(path))
        self.ear = recorder

    def _with_ear(self, want: set[Link]) -> set[Link]:
        if self.ear is None:
            return want
        return want | {(src, "ear") for src, dst in want if dst == "spk"}


def from_registrar(registrar: str | None, source: str) -> bool:
    """Whether ``source`` ("ip:port") is the registrar (``sip:host[:port][;params]``, port 5060 by default)."""
    if not registrar or not source:
        return False
    hostport = registrar.split(":", 1)[1] if registrar.startswith("sip:") else registrar
    hostport = hostport.split(";", 1)[0]
    host, _, port = hostport.partition(":")
    return source == f"{host}:{port or 5060}"
