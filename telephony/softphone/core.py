"""The phone's state on the pjsua2 thread: calls, bridge links, recordings, timers and snapshots.

Everything here runs on the one thread that owns pjsua2 (see :mod:`telephony.softphone.engine`).
Commands arrive already checked once; :meth:`PhoneCore.execute` (in
:mod:`~telephony.softphone.core_commands`) checks them again against the live state and then
calls pjsua2. Callbacks update the call records, re-derive the bridge links
(:mod:`telephony.softphone.media`) and emit a frozen event with the new snapshot to the sink.
Recording lives in :mod:`~telephony.softphone.core_recording`.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from hotline.ids import new_id
from hotline.timezone import now
from telephony.softphone import model as m
from telephony.softphone.calls import CallRecord, op
from telephony.softphone.config import SoftphoneConfig
from telephony.softphone.core_commands import CommandMixin
from telephony.softphone.core_monitor import MonitorMixin
from telephony.softphone.core_recording import Recording, RecordingMixin
from telephony.softphone.errors import TooManyCalls, current_traceback, reason
from telephony.softphone.headers import TICKET_HEADER, parse_ticket
from telephony.softphone.media import Leg, Link, Port, desired_links, involving
from telephony.softphone.pjobjects import PjAccount, PjCall
from telephony.softphone.quality import quality_from
from telephony.softphone.recording import RecordingJob
from telephony.softphone.uri import caller_number, header_value, request_uri, user_part
from telephony.softphone.validate import MAX_CALLS

log = logging.getLogger("telephony.softphone")

_STATES = {
    pj.PJSIP_INV_STATE_NULL: m.CallState.CALLING,
    pj.PJSIP_INV_STATE_CALLING: m.CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: m.CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: m.CallState.EARLY,
    pj.PJSIP_INV_STATE_CONNECTING: m.CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: m.CallState.CONFIRMED,
    pj.PJSIP_INV_STATE_DISCONNECTED: m.CallState.DISCONNECTED,
}
_MEDIA_UP = {pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_LOCAL_HOLD, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD}

Sink = Callable[[m.PhoneEvent], None]
Submit = Callable[[RecordingJob], None]


class PhoneCore(CommandMixin, RecordingMixin, MonitorMixin):
    """Owns the Endpoint, the account and every call; see the module docstring."""

    def __init__(self, config: SoftphoneConfig, emit: Sink, finish: Submit) -> None:
        self.config = config
        self._emit = emit
        self._finish = finish
        self._ids = itertools.count(1)
        self.ep: Any = None
        self.account: PjAccount | None = None
        self.voice: Any = None
        self.ear: Any = None  # what the agent hears, recorded (config.ear_recording)
        self.calls: dict[str, CallRecord] = {}
        self.dial_times: deque[float] = deque()
        self.buddies: dict[str, Any] = {}  # SIP MESSAGE destinations (pjsua2 sends through a Buddy)
        self.links: set[Link] = set()
        self.recordings: dict[str, Recording] = {}
        self.failed_recordings: set[str] = set()
        self.registration = m.Registration.DIRECT if config.registrar is None else m.Registration.REGISTERING
        self.reg_code = 0
        self.reg_reason = ""
        self.recording_alarm = ""
        self.account_uri = ""
        self.sip_port = 0
        self.last: m.PhoneSnapshot = m.PhoneSnapshot(account_uri="", registration=self.registration)
        self._last_tick = 0.0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Create and start the Endpoint, the transport, the agent's voice and the account."""
        cfg = self.config
        ep = pj.Endpoint()
        ep.libCreate()
        self.ep = ep
        ep_cfg = pj.EpConfig()
        ep_cfg.uaConfig.threadCnt = 0
        ep_cfg.uaConfig.mainThreadOnly = False
        ep_cfg.uaConfig.maxCalls = MAX_CALLS
        ep_cfg.uaConfig.userAgent = "hotline12345-softphone"
        ep_cfg.logConfig.level = cfg.log_level
        ep_cfg.logConfig.consoleLevel = cfg.log_level
        ep_cfg.medConfig.sndAutoCloseTime = -1
        ep_cfg.medConfig.clockRate = cfg.clock_rate
        ep_cfg.medConfig.sndClockRate = cfg.clock_rate
        ep_cfg.medConfig.threadCnt = 1
        ep_cfg.medConfig.ecTailLen = 0 if cfg.sound_device == "null" else 200
        ep.libInit(ep_cfg)
        tcfg = pj.TransportConfig()
        tcfg.port = cfg.port
        tcfg.boundAddress = cfg.bind
        kind = pj.PJSIP_TRANSPORT_UDP
        if cfg.transport == "tls":  # OpenSSL 1.0.2k in the wheel: TLS 1.2 is the newest it has
            kind = pj.PJSIP_TRANSPORT_TLS
            tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tcfg.tlsConfig.verifyServer = cfg.tls_ca_file is not None
            if cfg.tls_ca_file is not None:
                tcfg.tlsConfig.CaListFile = str(cfg.tls_ca_file)
        tid = ep.transportCreate(kind, tcfg)
        self.sip_port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        ep.libStart()
        if cfg.sound_device == "null":
            ep.audDevManager().setNullDev()
        self._make_voice()
        self._make_ear(cfg.ear_recording)
        self.account = PjAccount(self)
        self.account.create(self._account_config(), True)
        self.publish()

    def _make_voice(self) -> None:
        cfg = self.config
        if cfg.voice_tone_hz:
            tone = pj.ToneGenerator()
            tone.createToneGenerator(cfg.clock_rate, 1)
            desc = pj.ToneDesc()
            desc.freq1 = int(cfg.voice_tone_hz)
            desc.freq2 = int(cfg.voice_tone_hz)
            desc.on_msec = 10000
            desc.off_msec = 0
            desc.volume = 0
            tones = pj.ToneDescVector()
            tones.append(desc)
            tone.play(tones, True)
            self.voice = tone
        elif cfg.voice_wav:
            player = pj.AudioMediaPlayer()
            player.createPlayer(str(cfg.voice_wav), 0)
            self.voice = player

    def _account_config(self) -> Any:
        cfg = self.config
        acfg = pj.AccountConfig()
        domain = cfg.sip_domain()
        if cfg.registrar:
            acfg.idUri = f"sip:{cfg.user}@{domain}"
            acfg.regConfig.registrarUri = cfg.registrar
            acfg.regConfig.timeoutSec = cfg.reg_expires
            acfg.regConfig.retryIntervalSec = cfg.reg_retry_s
            acfg.regConfig.firstRetryIntervalSec = cfg.reg_retry_s
            acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", cfg.user, 0, cfg.password))
            acfg.sipConfig.proxies.append(f"{cfg.registrar};lr")
        else:
            acfg.idUri = f"sip:{cfg.user}@{cfg.bind}:{self.sip_port}"
            acfg.regConfig.registerOnAdd = False
        if cfg.display_name:
            acfg.idUri = f'"{cfg.display_name}" <{acfg.idUri}>'
        acfg.mediaConfig.transportConfig.boundAddress = cfg.bind
        acfg.mediaConfig.transportConfig.port = cfg.rtp_port
        acfg.mediaConfig.srtpUse = {"off": pj.PJMEDIA_SRTP_DISABLED, "optional": pj.PJMEDIA_SRTP_OPTIONAL,
                                    "mandatory": pj.PJMEDIA_SRTP_MANDATORY}[cfg.srtp]
        acfg.mediaConfig.srtpSecureSignaling = 0  # hop-by-hop TLS to the center; URIs stay sip:
        self.account_uri = acfg.idUri
        return acfg

    def shutdown(self, pump: Callable[[float], None]) -> None:
        """Hang up everything, close recordings, destroy the Endpoint with no Call left referenced.

        libDestroy runs whatever fails before it: a pjsua2 object outliving it, or freed later by
        another thread, aborts the process.
        """
        if self.ep is None:
            return
        try:
            self._wind_down(pump)
        except Exception:  # noqa: BLE001 - still destroy the library below
            log.error("softphone shutdown: winding down failed: %s", current_traceback())
        finally:
            self.links.clear()
            self.calls.clear()
            self.recordings.clear()
            self.buddies.clear()
            self.account = None
            self.voice = None
            self.ear = None
            self.ep.libDestroy()
        self.ep = None

    def _wind_down(self, pump: Callable[[float], None]) -> None:
        for rec in list(self.calls.values()):
            self._hangup(rec, "话机关闭")
        deadline = time.monotonic() + 3.0
        while self.calls and time.monotonic() < deadline:
            pump(0.02)
        for rec in list(self.calls.values()):  # peers that never answered our BYE
            self._finish_call(rec, "话机关闭")
        for interaction in list(self.recordings):
            self._close_recording(interaction)
        if self.account is not None and self.config.registrar:
            try:
                self.account.setRegistration(False)
                pump(0.2)
            except pj.Error:
                pass

    # ------------------------------------------------------------------ snapshots
    def publish(self) -> m.PhoneSnapshot:
        self.last = m.PhoneSnapshot(
            account_uri=self.account_uri, registration=self.registration, registration_code=self.reg_code,
            registration_reason=self.reg_reason, calls=tuple(r.snapshot() for r in self.calls.values()),
            recording_alarm=self.recording_alarm,
        )
        return self.last

    def emit(self, make: Callable[[m.PhoneSnapshot], m.PhoneEvent]) -> None:
        self._emit(make(self.publish()))

    def _changed(self, rec: CallRecord) -> None:
        snap = rec.snapshot()
        self.emit(lambda s: m.CallDidChange(s, snap))

    # ------------------------------------------------------------------ callbacks
    def on_reg_state(self) -> None:
        assert self.account is not None
        info = self.account.getInfo()
        self.reg_code, self.reg_reason = int(info.regStatus), str(info.regStatusText)
        if info.regIsActive and 200 <= self.reg_code < 300:
            self.registration = m.Registration.REGISTERED
        elif self.reg_code >= 300 or (self.reg_code and not info.regIsActive and info.regExpiresSec != 0):
            self.registration = m.Registration.FAILED
        elif not info.regIsActive:
            self.registration = m.Registration.UNREGISTERED
        self.emit(m.RegistrationDidChange)

    def on_incoming(self, pj_call_id: int, message: str, source: str = "") -> None:
        assert self.account is not None
        call = PjCall(self, self.account, pj_call_id)
        live = [r for r in self.calls.values() if r.state is not m.CallState.DISCONNECTED]
        info = call.getInfo()
        ruri = request_uri(message)
        dialled = user_part(header_value(message, "To", "t")) or user_part(ruri) or user_part(str(info.localUri))
        rec = self._register(call, m.Direction.INBOUND, str(info.remoteUri), caller_number(message),
                             dialled, new_id(), m.CallState.INCOMING)
        rec.queue = header_value(message, "X-Hotline-Queue")
        rec.ticket_id, rec.ticket_number = parse_ticket(header_value(message, TICKET_HEADER))
        rec.sip_call_id = str(info.callIdString)
        if len(live) >= MAX_CALLS:
            rec.end_reason = str(TooManyCalls(f"已有 {MAX_CALLS} 路通话，新来电回忙"))
            call.answer(op(486))
            return
        if self._take_monitor(rec, call, message, source):
            return
        if self.config.auto_answer:
            call.answer(op(200))
        else:
            call.answer(op(180))
        self._changed(rec)

    def on_call_state(self, call: PjCall) -> None:
        rec = self.calls.get(call.call_id)
        if rec is None:
            return
        info = call.getInfo()
        rec.state = _STATES.get(info.state, rec.state)
        rec.status_code, rec.reason = int(info.lastStatusCode), str(info.lastReason)
        if not rec.sip_call_id:
            rec.sip_call_id = str(info.callIdString)
        if rec.state is m.CallState.CONFIRMED and rec.answered_at is None:
            rec.answered_at = now()
            if not (rec.monitor or rec.monitoring):  # a monitoring session is not a call of its own
                self._start_recording(rec)
        if rec.state is m.CallState.DISCONNECTED:
            self._finish_call(rec, "")
            return
        self._changed(rec)

    def _finish_call(self, rec: CallRecord, why: str) -> None:
        rec.state = m.CallState.DISCONNECTED
        rec.ended_at = now()
        rec.end_reason = rec.end_reason or why
        rec.media = False
        self.links -= involving(self.links, ("call", rec.call_id))
        self.calls.pop(rec.call_id, None)
        # the last reference to the Call goes when this callback returns, as pjsua2 requires: a Call
        # object freed later would, once pjsua reuses its id, detach and hang up the *new* call
        recording = self.recordings.get(rec.interaction_id)
        if recording is not None and rec.call_id in recording.legs:
            recording.legs[rec.call_id].ended_at = rec.ended_at.isoformat()
        if not any(r.interaction_id == rec.interaction_id for r in self.calls.values()):
            self._close_recording(rec.interaction_id)
        self.rewire()
        if rec.monitor:
            self._monitor_event(rec, ended=True)
        snap = rec.snapshot()
        self.emit(lambda s: m.CallDidEnd(s, snap))

    def on_media_state(self, call: PjCall) -> None:
        rec = self.calls.get(call.call_id)
        if rec is None:
            return
        info = call.getInfo()
        audio = [mi for mi in info.media if mi.type == pj.PJMEDIA_TYPE_AUDIO]
        status = audio[0].status if audio else pj.PJSUA_CALL_MEDIA_NONE
        slot = int(audio[0].audioConfSlot) if audio else -1
        rec.remote_held = status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
        media = status in _MEDIA_UP and slot >= 0
        if not media or slot != rec.slot:
            self.links -= involving(self.links, ("call", rec.call_id))
        rec.media, rec.slot = media, slot
        self.rewire()
        self._changed(rec)

    def on_message(self, from_uri: str, body: str) -> None:
        self.emit(lambda s: m.MessageWasReceived(s, from_uri, body[:4096]))

    def on_message_status(self, to_uri: str, code: int, why: str) -> None:
        self.emit(lambda s: m.MessageDidComplete(s, to_uri, code, why))

    def on_dtmf(self, call: PjCall, digit: str) -> None:
        self.emit(lambda s: m.DtmfWasReceived(s, call.call_id, str(digit)))

    def on_transfer_status(self, call: PjCall, prm: Any) -> None:
        rec = self.calls.get(call.call_id)
        if rec is None:
            return
        code = int(prm.statusCode)
        if not prm.finalNotify:
            rec.transfer = "accepted" if code < 300 else f"failed: {code}"
        elif 200 <= code < 300:
            rec.transfer = "succeeded"
            rec.transfer_done_at = time.monotonic()
            prm.cont = False
            self._hangup(rec, "已转接")
        else:
            rec.transfer = f"failed: {code}"
        self._changed(rec)

    def on_transfer_request(self, call: PjCall, prm: Any) -> None:
        """The far end transferred us: the new call joins the same interaction (kept referenced)."""
        rec = self.calls.get(call.call_id)
        assert self.account is not None
        if rec is None or len(self.calls) >= MAX_CALLS:
            prm.statusCode = 486
            return
        new = PjCall(self, self.account)
        dest = str(prm.dstUri)
        new_rec = self._register(new, m.Direction.OUTBOUND, dest, user_part(dest), user_part(dest),
                                 rec.interaction_id)
        prm.newCall = new
        self._changed(new_rec)

    def on_replaced(self, call: PjCall, prm: Any) -> None:
        """Our call is replaced by an incoming INVITE/Replaces: keep the new call, same interaction."""
        rec = self.calls.get(call.call_id)
        assert self.account is not None
        new = PjCall(self, self.account, int(prm.newCallId))
        info = new.getInfo()
        interaction = rec.interaction_id if rec else new_id()
        new_rec = self._register(new, m.Direction.INBOUND, str(info.remoteUri), user_part(str(info.remoteUri)),
                                 rec.dialled if rec else "", interaction, m.CallState.CONFIRMED)
        if rec is not None:  # the replacing call is about the same matter: it keeps the ticket it came with
            new_rec.queue, new_rec.ticket_id, new_rec.ticket_number = rec.queue, rec.ticket_id, rec.ticket_number
        prm.newCall = new
        self._changed(new_rec)

    # ------------------------------------------------------------------ bridge
    def rewire(self) -> None:
        legs = [Leg(r.call_id, r.interaction_id, r.media, r.held, r.muted, r.conference, r.monitor)
                for r in self.calls.values()]
        want = self._with_ear(desired_links(legs, self.recordings.keys()))
        for link in self.links - want:
            self._transmit(link, start=False)
        kept = self.links & want
        for link in want - self.links:
            if self._transmit(link, start=True):
                kept.add(link)
        self.links = kept

    def _port(self, port: Port) -> Any:
        if port == "mic":
            return self.voice if self.voice is not None else self.ep.audDevManager().getCaptureDevMedia()
        if port == "spk":
            return self.ep.audDevManager().getPlaybackDevMedia()
        if port == "ear":
            return self.ear
        kind, key = port  # type: ignore[misc]
        if kind == "call":
            return self.calls[key].pj_call.getAudioMedia(-1)
        return self.recordings[key].recorder

    def _transmit(self, link: Link, start: bool) -> bool:
        try:
            src, dst = self._port(link[0]), self._port(link[1])
            if start:
                src.startTransmit(dst)
            else:
                src.stopTransmit(dst)
            return True
        except (pj.Error, KeyError) as exc:
            log.debug("bridge %s %s failed: %s", "connect" if start else "disconnect", link, reason(exc))
            return False

    # ------------------------------------------------------------------ timers
    def tick(self) -> None:
        """Once a second: quality figures, no-answer and media timeouts, stuck transfers."""
        mono = time.monotonic()
        if mono - self._last_tick < 1.0:
            return
        self._last_tick = mono
        for rec in list(self.calls.values()):
            if rec.state in (m.CallState.CALLING, m.CallState.EARLY) and rec.direction is m.Direction.OUTBOUND:
                if mono - rec.created > self.config.no_answer_timeout_s and not rec.end_reason:
                    self._hangup(rec, "无人接听（超时）")
            elif rec.state is m.CallState.CONFIRMED and rec.media:
                self._measure(rec, mono)
            if rec.transfer_done_at and mono - rec.transfer_done_at > 5.0:
                self._hangup(rec, "已转接")
        for recording in list(self.recordings.values()):
            self._watch_recording(recording, mono)

    def _measure(self, rec: CallRecord, mono: float) -> None:
        try:
            stat = rec.pj_call.getStreamStat(0)
        except pj.Error:
            return
        rx = stat.rtcp.rxStat
        packets = int(rx.pkt)
        quality = quality_from(float(rx.jitterUsec.mean), int(rx.loss), packets, float(stat.rtcp.rttUsec.mean))
        if packets != rec.rx_packets:
            rec.rx_packets, rec.rx_changed = packets, mono
        elif not rec.held and not rec.remote_held and mono - rec.rx_changed > self.config.media_timeout_s:
            self._hangup(rec, f"媒体超时：{self.config.media_timeout_s:.0f} 秒未收到对方语音")
            return
        if quality != rec.quality:
            rec.quality = quality
            self._changed(rec)
