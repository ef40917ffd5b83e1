"""The inside of a lab peer process: one pjsua2 Endpoint, its accounts and calls, driven on one thread.

``PeerRuntime.run()`` owns pjsua2: it creates the Endpoint (threadCnt=0, null audio device,
sndAutoCloseTime=-1), loops on ``libHandleEvents`` and, between rounds, runs the commands that the
control reader queued (telephony.lab.commands) and its own timers. Every call is kept referenced in
``calls`` until its DISCONNECTED callback, then released on the next round; at the end every call is
hung up, every reference dropped, and ``libDestroy`` runs with no Call left alive.
"""

from __future__ import annotations

import gc
import os
import queue
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pjsua2 as pj

from telephony.lab.audio import write_tone
from telephony.lab.media import CallMedia
from telephony.lab.pjobjects import LabAccount, LabCall

MAX_CALLS = 4
RTP_CHECK_S = 0.5
STATE_NAMES = {
    pj.PJSIP_INV_STATE_NULL: "NULL", pj.PJSIP_INV_STATE_CALLING: "CALLING",
    pj.PJSIP_INV_STATE_INCOMING: "INCOMING", pj.PJSIP_INV_STATE_EARLY: "EARLY",
    pj.PJSIP_INV_STATE_CONNECTING: "CONNECTING", pj.PJSIP_INV_STATE_CONFIRMED: "CONFIRMED",
    pj.PJSIP_INV_STATE_DISCONNECTED: "DISCONNECTED",
}
MEDIA_NAMES = {
    pj.PJSUA_CALL_MEDIA_NONE: "none", pj.PJSUA_CALL_MEDIA_ACTIVE: "active",
    pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: "local_hold", pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: "remote_hold",
    pj.PJSUA_CALL_MEDIA_ERROR: "error",
}
DTMF_METHODS = {pj.PJSUA_DTMF_METHOD_RFC2833: "rfc2833", pj.PJSUA_DTMF_METHOD_SIP_INFO: "info"}
# G.711 first (what the PSTN side of a hotline speaks), G.722 allowed; lossy codecs that smear tones off
CODEC_PRIORITY = {"PCMA/8000": 255, "PCMU/8000": 254, "G722/16000": 200}


@dataclass
class PeerOptions:
    """What a peer is; parsed from the command line by telephony.lab.peer."""

    name: str
    users: list[str]
    port: int = 0
    answer: str = "auto"  # auto | after:<seconds> | never | busy
    tone_hz: float | None = None
    wav: str | None = None
    record_dir: Path = Path(".")
    max_seconds: float = 300.0
    registrar: str | None = None  # host:port
    passwords: dict[str, str] = field(default_factory=dict)
    rtp_timeout_s: float = 0.0  # hang up a call whose active media received no RTP for N s (0 = off)
    log_level: int = 1


def uri_user(uri: str) -> str:
    """The user part of a SIP URI (``"<sip:110@1.2.3.4:5>"`` -> ``"110"``), or ``""``."""
    u = uri.strip().strip("<>").split(";")[0]
    if ">" in u:
        u = u.split("<", 1)[-1].split(">", 1)[0]
    u = u.split(":", 1)[1] if ":" in u else u
    return u.split("@", 1)[0] if "@" in u else ""


def wav_finalised(path: Path) -> bool:
    """True once the RIFF size field of a WAV written by pjmedia is filled in (it is 0 while open)."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    return len(head) == 8 and head[:4] == b"RIFF" and head[4:8] != b"\0\0\0\0"


def safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text) or "unknown"


class PeerRuntime:
    """State and behaviour of one peer; every method runs on the pjsua2 thread."""

    def __init__(self, opts: PeerOptions, emit: Callable[[dict[str, Any]], None]) -> None:
        self.opts = opts
        self.emit = emit
        self.commands: queue.Queue[dict[str, Any]] = queue.Queue()
        self.ep: pj.Endpoint | None = None
        self.port = 0
        self.accounts: dict[str, LabAccount] = {}
        self.calls: dict[str, LabCall] = {}
        self.media: dict[str, CallMedia] = {}
        self.history: dict[str, dict[str, Any]] = {}
        self.registrations: dict[str, dict[str, Any]] = {}
        self.dtmf: list[dict[str, Any]] = []
        self.recordings: list[str] = []
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.released: list[LabCall] = []
        self.closing: dict[str, str] = {}
        self.seq = 0
        self.stop_reason: str | None = None
        self.tone_wav: str | None = None

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> None:
        o = self.opts
        ep = pj.Endpoint()
        ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = False
        cfg.uaConfig.maxCalls = MAX_CALLS
        cfg.uaConfig.userAgent = f"hotline-lab/{o.name}"
        cfg.logConfig.level = o.log_level
        cfg.logConfig.consoleLevel = o.log_level
        cfg.medConfig.sndAutoCloseTime = -1
        cfg.medConfig.noVad = True
        ep.libInit(cfg)
        tc = pj.TransportConfig()
        tc.port = o.port
        tc.boundAddress = "127.0.0.1"
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
        self.port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        ep.libStart()
        ep.audDevManager().setNullDev()
        for codec in ep.codecEnum2():
            ep.codecSetPriority(codec.codecId, CODEC_PRIORITY.get("/".join(codec.codecId.split("/")[:2]), 0))
        self.ep = ep
        if o.tone_hz:
            self.tone_wav = str(write_tone(o.record_dir / f".{safe(o.name)}-{o.tone_hz:g}.wav", o.tone_hz))
        rtp_base = 20000 + 2 * random.randrange(0, 10000)
        for user in o.users:
            self.accounts[user] = self._make_account(user, rtp_base)
        if o.users:
            self.accounts[o.users[0]].setDefault()

    def _make_account(self, user: str, rtp_base: int) -> LabAccount:
        o = self.opts
        ac = pj.AccountConfig()
        ac.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        ac.mediaConfig.transportConfig.port = rtp_base
        ac.mediaConfig.transportConfig.portRange = 200
        ac.natConfig.contactRewriteUse = 0
        ac.natConfig.viaRewriteUse = 0
        ac.natConfig.sdpNatRewriteUse = 0
        ac.natConfig.sipOutboundUse = 0
        if o.registrar:
            ac.idUri = f"sip:{user}@{o.registrar}"
            ac.regConfig.registrarUri = f"sip:{o.registrar}"
            ac.regConfig.registerOnAdd = True
            ac.regConfig.timeoutSec = 300
            ac.regConfig.retryIntervalSec = 0
            self.registrations[user] = {"code": 0, "active": False}
        else:
            ac.idUri = f"sip:{user}@127.0.0.1:{self.port}"
        password = o.passwords.get(user)
        if password is not None:
            ac.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", user, 0, password))
        acc = LabAccount(self, user)
        acc.create(ac)
        return acc

    def run(self) -> None:
        """Handle SIP and commands until stopped or the lifetime ends; then shut down cleanly."""
        assert self.ep is not None
        deadline = time.monotonic() + self.opts.max_seconds
        if self.opts.rtp_timeout_s:
            self.after(RTP_CHECK_S, self._watch_rtp)
        self.push("ready", port=self.port, pid=os.getpid(), users=self.opts.users, name=self.opts.name)
        while self.stop_reason is None:
            self.ep.libHandleEvents(10)
            self._drain_commands()
            self._run_timers()
            self.released.clear()
            if time.monotonic() > deadline:
                self.stop_reason = "max-seconds"
        self._shutdown()

    def _shutdown(self) -> None:
        ep = self.ep
        assert ep is not None
        ep.hangupAllCalls()
        end = time.monotonic() + 3.0
        while self.calls and time.monotonic() < end:
            ep.libHandleEvents(10)
        for lab_id in list(self.media):
            self._close_media(lab_id)
        end = time.monotonic() + 2.5
        while self.closing and time.monotonic() < end:
            ep.libHandleEvents(10)
            self._run_timers()
        self.calls.clear()
        self.released.clear()
        for acc in self.accounts.values():
            acc.shutdown()
        self.accounts.clear()
        gc.collect()
        ep.libDestroy()
        self.ep = None
        self.emit({"event": "stopped", "reason": self.stop_reason})

    # ---------------------------------------------------------------- helpers
    def after(self, seconds: float, fn: Callable[[], None]) -> None:
        self.timers.append((time.monotonic() + seconds, fn))

    def _run_timers(self) -> None:
        now = time.monotonic()
        due = [t for t in self.timers if t[0] <= now]
        if due:
            self.timers = [t for t in self.timers if t[0] > now]
            for _, fn in due:
                try:
                    fn()
                except Exception as exc:  # noqa: BLE001 - one bad timer must not stop the peer
                    print(f"lab peer: timer failed: {exc!r}", file=sys.stderr, flush=True)

    def _drain_commands(self) -> None:
        from telephony.lab.commands import execute

        while True:
            try:
                cmd = self.commands.get_nowait()
            except queue.Empty:
                return
            execute(self, cmd)

    def new_call(self, account: LabAccount, direction: str, call_id: int = pj.PJSUA_INVALID_ID) -> LabCall:
        self.seq += 1
        lab_id = f"{self.opts.name}-{self.seq}"
        call = LabCall(self, account, lab_id, direction, call_id)
        self.calls[lab_id] = call
        self.history[lab_id] = {"id": lab_id, "direction": direction, "state": "NULL", "code": 0,
                                "reason": "", "remote_uri": "", "media": "none", "recording": None,
                                "local_user": account.user}
        return call

    def snapshot(self, call: LabCall) -> dict[str, Any]:
        snap = self.history[call.lab_id]
        try:
            info = call.getInfo()
        except Exception:  # noqa: BLE001 - the call is gone already: keep the last snapshot
            return snap
        media = "none"
        for mi in info.media:
            if mi.type == pj.PJMEDIA_TYPE_AUDIO:
                media = MEDIA_NAMES.get(mi.status, str(mi.status))
        snap.update(state=STATE_NAMES.get(info.state, str(info.state)), code=info.lastStatusCode,
                    reason=info.lastReason, remote_uri=info.remoteUri, media=media,
                    sip_call_id=info.callIdString)
        return snap

    def status(self) -> dict[str, Any]:
        return {"name": self.opts.name, "port": self.port, "pid": os.getpid(),
                "calls": list(self.history.values()), "registrations": self.registrations,
                "dtmf": self.dtmf, "recordings": self.recordings}

    def push(self, kind: str, **data: Any) -> None:
        self.emit({"event": kind, **data, "status": self.status()})

    # ---------------------------------------------------------------- callbacks
    def on_reg_state(self, acc: LabAccount, prm: pj.OnRegStateParam) -> None:
        active = bool(acc.getInfo().regIsActive)
        self.registrations[acc.user] = {"code": prm.code, "active": active, "reason": prm.reason}
        self.push("registration", user=acc.user, code=prm.code, active=active)

    def on_incoming(self, acc: LabAccount, prm: pj.OnIncomingCallParam) -> None:
        call = self.new_call(acc, "in", prm.callId)
        first = prm.rdata.wholeMsg.split("\r\n", 1)[0].split()
        ruri_user = uri_user(first[1]) if len(first) > 1 else ""
        self.history[call.lab_id]["dialed_user"] = ruri_user
        snap = self.snapshot(call)
        self.push("incoming", call=snap["id"], dialed_user=ruri_user)
        if ruri_user and ruri_user not in self.opts.users:
            self.answer(call, 404)
            return
        mode = self.opts.answer
        if mode == "busy":
            self.answer(call, 486)
            return
        self.answer(call, 180)
        if mode == "auto":
            self.after(0.05, lambda: self.answer(call, 200))
        elif mode.startswith("after:"):
            self.after(float(mode.split(":", 1)[1]), lambda: self.answer(call, 200))

    def answer(self, call: LabCall, code: int) -> None:
        if call.lab_id not in self.calls:
            return
        op = pj.CallOpParam(True)
        op.statusCode = code
        call.answer(op)

    def on_call_state(self, call: LabCall) -> None:
        snap = self.snapshot(call)
        if snap["state"] == "DISCONNECTED":
            self._close_media(call.lab_id)
            if self.calls.pop(call.lab_id, None) is not None:
                self.released.append(call)  # dropped on the next loop round, outside this callback
        self.push("call", call=snap["id"], state=snap["state"], code=snap["code"])

    def _watch_rtp(self) -> None:
        """Hang up calls whose active audio stopped arriving: the far end crashed or vanished."""
        self.after(RTP_CHECK_S, self._watch_rtp)
        now = time.monotonic()
        for lab_id, call in list(self.calls.items()):
            media = self.media.get(lab_id)
            snap = self.history[lab_id]
            if media is None or snap["state"] != "CONFIRMED" or snap["media"] != "active":
                continue
            packets = media.rx_packets(call)
            if packets != media.last_rx_packets:
                media.last_rx_packets, media.last_rx_at = packets, now
            elif now - media.last_rx_at > self.opts.rtp_timeout_s:
                snap["ended_by"] = "rtp-timeout"
                self.push("rtp_timeout", call=lab_id, silent_s=round(now - media.last_rx_at, 2))
                op = pj.CallOpParam(True)
                op.statusCode = 408
                call.hangup(op)

    def on_media_state(self, call: LabCall) -> None:
        snap = self.snapshot(call)
        media = self.media.get(call.lab_id)
        if media is None:
            path = self.opts.record_dir / (
                f"{safe(call.lab_id)}-{call.direction}-{safe(uri_user(snap['remote_uri']))}.wav")
            play = self.history[call.lab_id].get("play") or {"tone": self.tone_wav, "wav": self.opts.wav}
            media = self.media[call.lab_id] = CallMedia(path, play)
        info = call.getInfo()
        for mi in info.media:
            if mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status in (
                    pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                media.connect(call.getAudioMedia(mi.index), mi.index)
                snap["recording"] = str(media.path)
        self.push("media", call=snap["id"], media=snap["media"])

    def _close_media(self, lab_id: str) -> None:
        media = self.media.pop(lab_id, None)
        if media is not None:
            path = media.close()
            if path is not None:
                self.closing[str(path)] = lab_id
                self._announce(path, time.monotonic() + 2.0)

    def _announce(self, path: Path, deadline: float) -> None:
        # pjmedia's conference removes (and so finalises) the recorder port asynchronously, on its
        # clock tick: the WAV header holds size 0 until then. Announce the file once it is complete.
        if not wav_finalised(path) and time.monotonic() < deadline:
            self.after(0.02, lambda: self._announce(path, deadline))
            return
        lab_id = self.closing.pop(str(path))
        self.recordings.append(str(path))
        self.push("recording", call=lab_id, path=str(path), complete=wav_finalised(path))

    def on_dtmf(self, call: LabCall, digit: str, method: int) -> None:
        entry = {"call": call.lab_id, "digit": digit, "method": DTMF_METHODS.get(method, str(method))}
        self.dtmf.append(entry)
        self.push("dtmf", **entry)

    def on_transfer_request(self, call: LabCall, prm: pj.OnCallTransferRequestParam) -> None:
        if len(self.calls) >= MAX_CALLS:
            prm.statusCode = 486
            return
        new = self.new_call(call.account, "transfer")
        self.history[new.lab_id]["transferred_from"] = call.lab_id
        self.history[new.lab_id]["remote_uri"] = prm.dstUri
        prm.newCall = new
        self.push("transfer_request", call=call.lab_id, new_call=new.lab_id, target=prm.dstUri)

    def on_transfer_status(self, call: LabCall, prm: pj.OnCallTransferStatusParam) -> None:
        self.history[call.lab_id]["transfer_status"] = prm.statusCode
        if prm.finalNotify and 200 <= prm.statusCode < 300:
            # the transferee reached the target: the transferor leaves (as pjsua's own app does)
            prm.cont = False
            self.after(0, lambda: self._hangup_if_live(call))
        self.push("transfer_status", call=call.lab_id, code=prm.statusCode, final=bool(prm.finalNotify))

    def _hangup_if_live(self, call: LabCall) -> None:
        if call.lab_id in self.calls:
            call.hangup(pj.CallOpParam(True))

    def on_replaced(self, call: LabCall, prm: pj.OnCallReplacedParam) -> None:
        new = self.new_call(call.account, "replaced", prm.newCallId)
        self.history[new.lab_id]["replaces"] = call.lab_id
        prm.newCall = new
        self.push("replaced", call=call.lab_id, new_call=new.lab_id)
