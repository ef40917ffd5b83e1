"""pjsua2 callbacks of a lab peer: calls come and go, media starts, DTMF, REFER, registration.

``CallEvents`` is mixed into ``PeerRuntime``; its methods run on the pjsua2 thread (called from
telephony.lab.pjobjects) and end by pushing an event with the peer's status to the control channel.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pjsua2 as pj

from telephony.lab.common import DTMF_METHODS, MAX_CALLS, RTP_CHECK_S, safe, uri_user, wav_finalised
from telephony.lab.media import CallMedia
from telephony.lab.pjobjects import LabAccount, LabCall

if TYPE_CHECKING:
    from telephony.lab.runtime import PeerRuntime

    _Base = PeerRuntime
else:
    _Base = object


class CallEvents(_Base):
    """The callback half of PeerRuntime."""

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
        lab_id = call.lab_id
        if mode == "auto":
            self.after(0.05, lambda: self.answer_later(lab_id, 200))
        elif mode.startswith("after:"):
            self.after(float(mode.split(":", 1)[1]), lambda: self.answer_later(lab_id, 200))

    def answer_later(self, lab_id: str, code: int) -> None:
        call = self.calls.get(lab_id)  # None when the caller gave up meanwhile
        if call is not None:
            self.answer(call, code)

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
            # the last reference goes when this callback returns, as pjsua2 requires: a Call freed
            # later, once pjsua has reused its id, would hang up the new call that has that id
            self.calls.pop(call.lab_id, None)
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
            lab_id = call.lab_id
            self.after(0, lambda: self._hangup_if_live(lab_id))
        self.push("transfer_status", call=call.lab_id, code=prm.statusCode, final=bool(prm.finalNotify))

    def _hangup_if_live(self, lab_id: str) -> None:
        call = self.calls.get(lab_id)  # timers name calls by id and never hold a Call object
        if call is not None:
            call.hangup(pj.CallOpParam(True))

    def on_replaced(self, call: LabCall, prm: pj.OnCallReplacedParam) -> None:
        new = self.new_call(call.account, "replaced", prm.newCallId)
        self.history[new.lab_id]["replaces"] = call.lab_id
        prm.newCall = new
        self.push("replaced", call=call.lab_id, new_call=new.lab_id)
