"""The commands' side of the phone core: each checked command becomes pjsua2 calls (pjsua2 thread only)."""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any

import pjsua2 as pj

from hotline.ids import new_id
from hotline.monitoring import MODE_CONTENT_TYPE, MONITOR_HEADER
from hotline.timezone import now
from telephony.softphone import commands as c
from telephony.softphone import model as m
from telephony.softphone.calls import CallRecord, op
from telephony.softphone.config import SoftphoneConfig
from telephony.softphone.errors import SoftphoneError, TooManyCalls, reason
from telephony.softphone.pjobjects import PjAccount, PjCall
from telephony.softphone.recording import LegRecord
from telephony.softphone.uri import normalize_destination, user_part
from telephony.softphone.validate import check

log = logging.getLogger("telephony.softphone")
# pjlib returns a closed socket's ioqueue slot only 500 ms later (PJ_IOQUEUE_KEY_FREE_DELAY) and
# has 64 slots; every call takes two (RTP, RTCP). More than ~30 call set-ups within half a second
# exhaust them and pjlib asserts (the process dies), so outgoing calls are rate-limited here.
DIALS_PER_SECOND = 12


class CommandMixin:
    """Runs commands for :class:`~telephony.softphone.core.PhoneCore` (which provides the state)."""

    config: SoftphoneConfig
    account: PjAccount | None
    calls: dict[str, CallRecord]
    dial_times: deque[float]
    buddies: dict[str, Any]
    recordings: dict[str, Any]

    def execute(self, command: object) -> object:
        """Run one command on the pjsua2 thread; returns a call id for Dial, else None."""
        check(command, self.publish(), self.config.sip_domain())
        handler = getattr(self, f"_do_{type(command).__name__.lower()}")
        try:
            return handler(command)
        except pj.Error as exc:
            raise SoftphoneError(f"SIP 协议栈拒绝了命令：{exc.info(False) if hasattr(exc, 'info') else exc}") from None

    def _rec(self, call_id: str) -> CallRecord:
        return self.calls[call_id]

    def _active_confirmed(self) -> CallRecord | None:
        confirmed = [r for r in self.calls.values() if r.state is m.CallState.CONFIRMED]
        for rec in confirmed:
            if not rec.held:
                return rec
        return confirmed[0] if confirmed else None

    def _do_dial(self, cmd: c.Dial) -> str:
        uri = normalize_destination(cmd.destination, self.config.sip_domain())
        clock = time.monotonic()
        while self.dial_times and clock - self.dial_times[0] > 1.0:
            self.dial_times.popleft()
        if len(self.dial_times) >= DIALS_PER_SECOND:
            raise TooManyCalls(f"呼叫过于频繁：每秒最多 {DIALS_PER_SECOND} 次外呼")
        self.dial_times.append(clock)
        interaction = new_id()
        if cmd.consult:
            current = self._active_confirmed()
            assert current is not None  # check() made sure
            interaction = current.interaction_id
            for rec in self.calls.values():
                if rec.interaction_id == interaction and rec.state is m.CallState.CONFIRMED and not rec.held:
                    self._set_hold(rec, True)
        assert self.account is not None
        call = PjCall(self, self.account)
        rec = self._register(call, m.Direction.OUTBOUND, uri, user_part(uri), user_part(uri), interaction)
        prm = pj.CallOpParam(True)
        for name, value in cmd.headers:  # checked against the allow-list by check()
            header = pj.SipHeader()
            header.hName, header.hValue = name, value
            prm.txOption.headers.append(header)
        if cmd.monitor:  # checked by check(); the center keeps it only from an allowed team lead
            header = pj.SipHeader()
            header.hName, header.hValue = MONITOR_HEADER, cmd.monitor
            prm.txOption.headers.append(header)
            rec.monitoring = cmd.monitor
        try:
            call.makeCall(uri, prm)
        except pj.Error:
            # pjsua2 leaves a failed Call with an id its destructor asserts on (the process would
            # abort when the object is freed): keep the C++ object, forget the Python one.
            self.calls.pop(rec.call_id, None)
            call.thisown = False
            raise
        rec.sip_call_id = call.getInfo().callIdString
        self._changed(rec)
        return rec.call_id

    def _register(self, call: PjCall, direction: m.Direction, remote: str, number: str, dialled: str,
                  interaction: str, state: m.CallState = m.CallState.CALLING) -> CallRecord:
        call.call_id = f"c{next(self._ids)}"
        rec = CallRecord(call_id=call.call_id, pj_call=call, direction=direction, remote_uri=remote,
                         caller_number=number, dialled=dialled, interaction_id=interaction, state=state,
                         started_at=now())
        self.calls[rec.call_id] = rec
        return rec

    def _do_answer(self, cmd: c.Answer) -> None:
        rec = self._rec(cmd.call_id)
        rec.pj_call.answer(op(200))

    def _do_reject(self, cmd: c.Reject) -> None:
        rec = self._rec(cmd.call_id)
        rec.end_reason = "已拒接"
        rec.pj_call.hangup(op(cmd.status_code))

    def _do_hangup(self, cmd: c.Hangup) -> None:
        self._hangup(self._rec(cmd.call_id), "坐席挂断")

    def _do_hangupall(self, cmd: c.HangupAll) -> None:
        for rec in list(self.calls.values()):
            self._hangup(rec, "坐席挂断")

    def _hangup(self, rec: CallRecord, why: str) -> None:
        if rec.state is m.CallState.DISCONNECTED:
            return
        rec.end_reason = rec.end_reason or why
        code = 486 if rec.direction is m.Direction.INBOUND and rec.state is m.CallState.INCOMING else 0
        try:
            rec.pj_call.hangup(op(code))
        except pj.Error as exc:
            log.warning("hangup of %s failed: %s", rec.call_id, reason(exc))

    def _do_hold(self, cmd: c.Hold) -> None:
        self._set_hold(self._rec(cmd.call_id), True)

    def _do_resume(self, cmd: c.Resume) -> None:
        self._set_hold(self._rec(cmd.call_id), False)

    def _set_hold(self, rec: CallRecord, hold: bool) -> None:
        if hold:
            rec.pj_call.setHold(pj.CallOpParam(True))
        else:
            prm = pj.CallOpParam(True)
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            rec.pj_call.reinvite(prm)
        rec.held = hold
        self.rewire()
        self._changed(rec)

    def _do_mute(self, cmd: c.Mute) -> None:
        rec = self._rec(cmd.call_id)
        rec.muted = cmd.muted
        self.rewire()
        self._changed(rec)

    def _do_senddtmf(self, cmd: c.SendDtmf) -> None:
        prm = pj.CallSendDtmfParam()
        prm.digits = cmd.digits.upper()
        prm.method = pj.PJSUA_DTMF_METHOD_RFC2833 if cmd.method == "rfc2833" else pj.PJSUA_DTMF_METHOD_SIP_INFO
        prm.duration = 160
        self._rec(cmd.call_id).pj_call.sendDtmf(prm)

    def _do_blindtransfer(self, cmd: c.BlindTransfer) -> None:
        rec = self._rec(cmd.call_id)
        uri = normalize_destination(cmd.destination, self.config.sip_domain())
        rec.transfer = "requested"
        rec.pj_call.xfer(uri, pj.CallOpParam(True))
        self._changed(rec)

    def _do_completetransfer(self, cmd: c.CompleteTransfer) -> None:
        self._replace(cmd.call_id, cmd.consult_id)

    def _do_dropout(self, cmd: c.DropOut) -> None:
        self._replace(cmd.call_id, cmd.other_id)

    def _replace(self, call_id: str, other_id: str) -> None:
        rec, other = self._rec(call_id), self._rec(other_id)
        rec.transfer = "requested"
        rec.pj_call.xferReplaces(other.pj_call, pj.CallOpParam(True))
        self._changed(rec)

    def _do_conference(self, cmd: c.Conference) -> None:
        group = [self._rec(i) for i in cmd.call_ids]
        interaction = group[0].interaction_id
        for rec in group:
            if rec.held:
                self._set_hold(rec, False)
            rec.conference = True
            self._move_interaction(rec, interaction)
        self.rewire()
        for rec in group:
            self._changed(rec)

    def _move_interaction(self, rec: CallRecord, interaction: str) -> None:
        """A leg joins another interaction (a separately dialled call brought into a conference)."""
        old_id = rec.interaction_id
        if old_id == interaction:
            return
        old, target = self.recordings.get(old_id), self.recordings.get(interaction)
        if old is not None and target is not None and rec.call_id in old.legs:
            target.legs[rec.call_id] = old.legs.pop(rec.call_id)
        elif target is not None and rec.call_id not in target.legs:
            target.legs[rec.call_id] = LegRecord(
                rec.call_id, rec.sip_call_id, rec.direction.value, rec.remote_uri, rec.caller_number,
                rec.dialled, answered_at=(rec.answered_at or now()).isoformat())
        rec.interaction_id = interaction
        if not any(r.interaction_id == old_id for r in self.calls.values()):
            self._close_recording(old_id)

    def _do_setmonitormode(self, cmd: c.SetMonitorMode) -> None:
        """The lead's side: tell the agent's phone the new mode in an in-dialog MESSAGE."""
        rec = self._rec(cmd.call_id)
        prm = pj.SendInstantMessageParam()
        prm.content = cmd.mode
        prm.contentType = MODE_CONTENT_TYPE
        rec.pj_call.sendInstantMessage(prm)
        rec.monitoring = cmd.mode
        self._changed(rec)

    def _do_sendmessage(self, cmd: c.SendMessage) -> None:
        uri = normalize_destination(cmd.destination, self.config.sip_domain())
        buddy = self.buddies.get(uri)
        if buddy is None:
            assert self.account is not None
            cfg = pj.BuddyConfig()
            cfg.uri = uri
            cfg.subscribe = False
            buddy = pj.Buddy()
            buddy.create(self.account, cfg)
            self.buddies[uri] = buddy
        prm = pj.SendInstantMessageParam()
        prm.content = cmd.body
        prm.contentType = "text/plain"
        buddy.sendInstantMessage(prm)
