"""The inside of a lab peer process: one pjsua2 Endpoint, its accounts and calls, driven on one thread.

``PeerRuntime.run()`` owns pjsua2: it creates the Endpoint (threadCnt=0, null audio device,
sndAutoCloseTime=-1), loops on ``libHandleEvents`` and, between rounds, runs the commands that the
control reader queued (telephony.lab.commands) and its own timers. Every call is kept referenced in
``calls`` until its DISCONNECTED callback and released there (timers name calls by id and never hold
one); at the end every call is hung up, every reference dropped, and ``libDestroy`` runs with no
Call left alive.
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

from telephony.lab.common import CODEC_PRIORITY, MAX_CALLS, MEDIA_NAMES, RTP_CHECK_S, STATE_NAMES, safe
from telephony.lab.events import CallEvents
from telephony.lab.media import CallMedia, tone_file
from telephony.lab.pjobjects import LabAccount, LabCall


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


class PeerRuntime(CallEvents):
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
            self.tone_wav = tone_file(o.record_dir, safe(o.name), o.tone_hz, under_speech=bool(o.wav))
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
            self.ep.libHandleEvents(20)
            self._drain_commands()
            self._run_timers()
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

