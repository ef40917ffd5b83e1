"""The guard in front of pjsua2: each command is checked against the phone's state, or refused by name.

pjsua2 asserts (kills the process) on an unknown call id, a transfer with no call or a fifth
call, so :func:`check` runs twice: in the caller's thread against the last snapshot (a fast,
clear refusal) and again on the pjsua2 thread against the live state, just before the call.
"""

from __future__ import annotations

import re

from hotline.monitoring import MODES
from telephony.softphone import commands as c
from telephony.softphone.errors import (
    BadCommand,
    NoCall,
    NotRegistered,
    TooManyCalls,
    UnknownCall,
    WrongCallState,
)
from telephony.softphone.headers import check_headers
from telephony.softphone.model import CallSnapshot, CallState, PhoneSnapshot, Registration
from telephony.softphone.uri import normalize_destination

MAX_CALLS = 4
_DTMF = re.compile(r"^[0-9*#A-Da-d]{1,64}$")
_LIVE = frozenset({CallState.CALLING, CallState.INCOMING, CallState.EARLY, CallState.CONNECTING, CallState.CONFIRMED})


def check(command: object, phone: PhoneSnapshot, domain: str | None) -> None:
    """Raise a :class:`SoftphoneError` if ``command`` cannot run now; return None if it can."""
    kind = type(command)
    checker = _CHECKS.get(kind)
    if checker is None:
        raise BadCommand(f"未知命令：{kind.__name__}")
    checker(command, phone, domain)


def _live(phone: PhoneSnapshot) -> list[CallSnapshot]:
    return [x for x in phone.calls if x.state in _LIVE]


def _call(phone: PhoneSnapshot, call_id: object) -> CallSnapshot:
    if not isinstance(call_id, str) or not call_id:
        raise BadCommand(f"通话编号无效：{call_id!r}")
    found = phone.call(call_id)
    if found is None or found.state not in _LIVE:
        if not _live(phone):
            raise NoCall(f"当前没有通话，无法操作通话 {call_id}")
        raise UnknownCall(f"没有编号为 {call_id} 的通话")
    return found


def _confirmed(phone: PhoneSnapshot, call_id: object, what: str) -> CallSnapshot:
    call = _call(phone, call_id)
    if call.state is not CallState.CONFIRMED:
        raise WrongCallState(f"通话 {call_id} 处于“{call.state.label}”，不能{what}")
    return call


def _dial(cmd: c.Dial, phone: PhoneSnapshot, domain: str | None) -> None:
    if phone.registration in (Registration.FAILED, Registration.UNREGISTERED, Registration.REGISTERING):
        raise NotRegistered(f"账号{phone.registration.label}，暂不能外呼")
    if len(_live(phone)) >= MAX_CALLS:
        raise TooManyCalls(f"最多同时 {MAX_CALLS} 路通话，请先挂断一路")
    normalize_destination(cmd.destination, domain)
    check_headers(cmd.headers)
    if cmd.monitor and (cmd.monitor not in MODES or cmd.consult):
        raise BadCommand(f"监听方式只能是 {'/'.join(MODES)}，且不能用于咨询：{cmd.monitor!r}")
    if cmd.consult and not any(x.state is CallState.CONFIRMED for x in phone.calls):
        raise NoCall("没有进行中的通话，无法发起咨询")


def _answer(cmd: c.Answer, phone: PhoneSnapshot, domain: str | None) -> None:
    call = _call(phone, cmd.call_id)
    if call.state is not CallState.INCOMING and not (call.direction == "inbound" and call.state is CallState.EARLY):
        raise WrongCallState(f"通话 {cmd.call_id} 处于“{call.state.label}”，不能接听")


def _reject(cmd: c.Reject, phone: PhoneSnapshot, domain: str | None) -> None:
    _answer(c.Answer(cmd.call_id), phone, domain)
    if not isinstance(cmd.status_code, int) or not 400 <= cmd.status_code <= 699:
        raise BadCommand(f"拒接状态码必须在 400–699 之间：{cmd.status_code!r}")


def _hangup(cmd: c.Hangup, phone: PhoneSnapshot, domain: str | None) -> None:
    _call(phone, cmd.call_id)


def _hold(cmd: c.Hold, phone: PhoneSnapshot, domain: str | None) -> None:
    call = _confirmed(phone, cmd.call_id, "保持")
    if call.held:
        raise WrongCallState(f"通话 {cmd.call_id} 已在保持中")


def _resume(cmd: c.Resume, phone: PhoneSnapshot, domain: str | None) -> None:
    call = _confirmed(phone, cmd.call_id, "恢复")
    if not call.held:
        raise WrongCallState(f"通话 {cmd.call_id} 没有被保持")


def _mute(cmd: c.Mute, phone: PhoneSnapshot, domain: str | None) -> None:
    _confirmed(phone, cmd.call_id, "静音")
    if not isinstance(cmd.muted, bool):
        raise BadCommand("muted 必须是 True 或 False")


def _dtmf(cmd: c.SendDtmf, phone: PhoneSnapshot, domain: str | None) -> None:
    _confirmed(phone, cmd.call_id, "发送按键")
    if not isinstance(cmd.digits, str) or not _DTMF.match(cmd.digits):
        raise BadCommand(f"按键只能是 0-9 * # A-D，最多 64 个：{cmd.digits!r}")
    if cmd.method not in ("rfc2833", "info"):
        raise BadCommand(f"按键方式只能是 rfc2833 或 info：{cmd.method!r}")


def _blind(cmd: c.BlindTransfer, phone: PhoneSnapshot, domain: str | None) -> None:
    _confirmed(phone, cmd.call_id, "转接")
    normalize_destination(cmd.destination, domain)


def _pair(phone: PhoneSnapshot, first: str, second: str, what: str) -> None:
    _confirmed(phone, first, what)
    _confirmed(phone, second, what)
    if first == second:
        raise BadCommand(f"{what}需要两路不同的通话")


def _complete(cmd: c.CompleteTransfer, phone: PhoneSnapshot, domain: str | None) -> None:
    _pair(phone, cmd.call_id, cmd.consult_id, "咨询转接")


def _conference(cmd: c.Conference, phone: PhoneSnapshot, domain: str | None) -> None:
    ids = cmd.call_ids
    if not isinstance(ids, tuple) or len(ids) < 2 or len(set(ids)) != len(ids):
        raise BadCommand("三方通话需要至少两路不同的通话")
    for call_id in ids:
        _confirmed(phone, call_id, "加入三方通话")


def _drop_out(cmd: c.DropOut, phone: PhoneSnapshot, domain: str | None) -> None:
    _pair(phone, cmd.call_id, cmd.other_id, "退出三方通话")


def _hangup_all(cmd: c.HangupAll, phone: PhoneSnapshot, domain: str | None) -> None:
    return None


def _message(cmd: c.SendMessage, phone: PhoneSnapshot, domain: str | None) -> None:
    normalize_destination(cmd.destination, domain)
    if not isinstance(cmd.body, str) or not 0 < len(cmd.body) <= 1000:
        raise BadCommand("消息内容必须是 1–1000 个字符的文本")


def _monitor_mode(cmd: c.SetMonitorMode, phone: PhoneSnapshot, domain: str | None) -> None:
    call = _confirmed(phone, cmd.call_id, "切换监听方式")
    if not call.monitoring:
        raise WrongCallState(f"通话 {cmd.call_id} 不是监听通话")
    if cmd.mode not in MODES:
        raise BadCommand(f"监听方式只能是 {'/'.join(MODES)}：{cmd.mode!r}")


_CHECKS = {
    c.Dial: _dial,
    c.Answer: _answer,
    c.Reject: _reject,
    c.Hangup: _hangup,
    c.Hold: _hold,
    c.Resume: _resume,
    c.Mute: _mute,
    c.SendDtmf: _dtmf,
    c.BlindTransfer: _blind,
    c.CompleteTransfer: _complete,
    c.Conference: _conference,
    c.DropOut: _drop_out,
    c.HangupAll: _hangup_all,
    c.SendMessage: _message,
    c.SetMonitorMode: _monitor_mode,
}
