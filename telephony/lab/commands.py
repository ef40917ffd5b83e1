"""Control commands of a lab peer, run on the pjsua2 thread; each is validated before pjsua2 sees it.

A command is one JSON object ``{"id": N, "cmd": NAME, ...}``; the reply is
``{"reply": N, "ok": true, "result": ...}`` or ``{"reply": N, "ok": false, "error": "..."}``.
pjsua2 aborts the process on some misuse instead of raising, so every argument is checked here
(known call, right state, valid URI, digits) before any pjsua2 method is called.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pjsua2 as pj

from telephony.lab.common import MAX_CALLS, safe
from telephony.lab.media import tone_file
from telephony.lab.pjobjects import LabCall
from telephony.lab.runtime import PeerRuntime

DTMF_DIGITS = re.compile(r"^[0-9A-Da-d*#]{1,32}$")


class CommandError(Exception):
    """A command the peer refuses; its message goes back in the reply."""


def _call(rt: PeerRuntime, cmd: dict[str, Any], *, states: tuple[str, ...] | None = None) -> LabCall:
    lab_id = cmd.get("call")
    if lab_id is None:  # the only live call, if there is exactly one
        if len(rt.calls) != 1:
            raise CommandError(f"no call given and {len(rt.calls)} calls are live")
        lab_id = next(iter(rt.calls))
    call = rt.calls.get(str(lab_id))
    if call is None:
        raise CommandError(f"no live call {lab_id!r}")
    state = rt.history[call.lab_id]["state"]
    if states is not None and state not in states:
        raise CommandError(f"call {lab_id} is {state}, needs {'/'.join(states)}")
    return call


def _uri(rt: PeerRuntime, uri: Any) -> str:
    assert rt.ep is not None
    if not isinstance(uri, str) or not uri.startswith("sip:") or rt.ep.utilVerifySipUri(uri) != 0:
        raise CommandError(f"not a valid SIP URI: {uri!r}")
    return uri


def cmd_call(rt: PeerRuntime, cmd: dict[str, Any]) -> str:
    uri = _uri(rt, cmd.get("uri"))
    if len(rt.calls) >= MAX_CALLS:
        raise CommandError(f"already {len(rt.calls)} calls (at most {MAX_CALLS} per process)")
    user = cmd.get("from_user") or rt.opts.users[0]
    account = rt.accounts.get(user)
    if account is None:
        raise CommandError(f"unknown identity {user!r}; this peer has {rt.opts.users}")
    play = cmd.get("play")
    if play is not None:
        if not isinstance(play, dict) or set(play) - {"tone_hz", "wav"}:
            raise CommandError("play must be {'tone_hz': HZ, 'wav': PATH}")
        if play.get("wav") and not Path(play["wav"]).is_file():
            raise CommandError(f"play: no such WAV file {play['wav']!r}")
    prm = pj.CallOpParam(True)
    for name, value in _headers(cmd.get("headers")):
        header = pj.SipHeader()
        header.hName, header.hValue = name, value
        prm.txOption.headers.append(header)
    call = rt.new_call(account, "out")
    rt.history[call.lab_id]["remote_uri"] = uri
    if play is not None:
        tone = None
        if play.get("tone_hz"):
            hz = float(play["tone_hz"])
            if not 50 <= hz <= 7000:
                raise CommandError(f"play: tone {hz} Hz out of range 50..7000")
            tone = tone_file(rt.opts.record_dir, safe(rt.opts.name), hz, under_speech=bool(play.get("wav")))
        rt.history[call.lab_id]["play"] = {"tone": tone, "wav": play.get("wav")}
    try:
        call.makeCall(uri, prm)
    except Exception as exc:
        rt.calls.pop(call.lab_id, None)
        rt.history[call.lab_id].update(state="DISCONNECTED", reason=f"makeCall failed: {exc}")
        # pjsua2 leaves a failed Call with an id its destructor asserts on (the process would abort
        # when the object is freed): keep the C++ object, forget the Python one
        call.thisown = False
        raise CommandError(f"makeCall {uri}: {exc}") from exc
    return call.lab_id


def _headers(raw: Any) -> list[tuple[str, str]]:
    """Extra INVITE headers ``[[name, value], ...]`` (X- headers only, no CR/LF): what a desk or a
    forger might send, for tests of the center's trust boundary."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > 8:
        raise CommandError("headers must be a list of at most 8 [name, value] pairs")
    out = []
    for pair in raw:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise CommandError(f"bad header {pair!r}")
        name, value = pair
        if not re.fullmatch(r"X-[A-Za-z0-9-]{1,60}", name) or re.search(r"[\r\n\x00]", value) or len(value) > 200:
            raise CommandError(f"header not allowed: {name!r}")
        out.append((name, value))
    return out


def cmd_message(rt: PeerRuntime, cmd: dict[str, Any]) -> None:
    """An in-dialog MESSAGE on a confirmed call (``content_type``, ``body``)."""
    call = _call(rt, cmd, states=("CONFIRMED",))
    body, ctype = cmd.get("body"), cmd.get("content_type", "text/plain")
    if not isinstance(body, str) or not 0 < len(body) <= 1000 or not isinstance(ctype, str) \
            or not re.fullmatch(r"[a-z]+/[a-z0-9.+-]{1,60}", ctype):
        raise CommandError("message needs a body (1-1000 chars) and a content_type like text/plain")
    prm = pj.SendInstantMessageParam()
    prm.content, prm.contentType = body, ctype
    call.sendInstantMessage(prm)


def cmd_answer(rt: PeerRuntime, cmd: dict[str, Any]) -> None:
    call = _call(rt, cmd, states=("INCOMING", "EARLY"))
    if call.direction == "out":
        raise CommandError(f"call {call.lab_id} is outgoing")
    code = int(cmd.get("code", 200))
    if not 180 <= code <= 699:
        raise CommandError(f"bad answer code {code}")
    rt.answer(call, code)


def cmd_hangup(rt: PeerRuntime, cmd: dict[str, Any]) -> list[str]:
    if cmd.get("call") is None and cmd.get("all", True) and len(rt.calls) != 1:
        ids = list(rt.calls)
        assert rt.ep is not None
        rt.ep.hangupAllCalls()
        return ids
    call = _call(rt, cmd)
    op = pj.CallOpParam(True)
    code = cmd.get("code")
    if code is not None:
        op.statusCode = int(code)
    call.hangup(op)
    return [call.lab_id]


def cmd_dtmf(rt: PeerRuntime, cmd: dict[str, Any]) -> None:
    call = _call(rt, cmd, states=("CONFIRMED",))
    digits = str(cmd.get("digits", ""))
    if not DTMF_DIGITS.match(digits):
        raise CommandError(f"bad DTMF digits {digits!r}")
    method = {"rfc2833": pj.PJSUA_DTMF_METHOD_RFC2833, "info": pj.PJSUA_DTMF_METHOD_SIP_INFO}.get(
        cmd.get("method", "rfc2833"))
    if method is None:
        raise CommandError("DTMF method must be rfc2833 or info")
    if method == pj.PJSUA_DTMF_METHOD_RFC2833 and rt.history[call.lab_id]["media"] != "active":
        raise CommandError(f"call {call.lab_id} has no active media for RFC 2833 DTMF")
    prm = pj.CallSendDtmfParam()
    prm.digits = digits
    prm.method = method
    call.sendDtmf(prm)


def cmd_hold(rt: PeerRuntime, cmd: dict[str, Any]) -> None:
    call = _call(rt, cmd, states=("CONFIRMED",))
    call.setHold(pj.CallOpParam(True))


def cmd_unhold(rt: PeerRuntime, cmd: dict[str, Any]) -> None:
    call = _call(rt, cmd, states=("CONFIRMED",))
    op = pj.CallOpParam(True)
    op.opt.flag = pj.PJSUA_CALL_UNHOLD
    call.reinvite(op)


def cmd_transfer(rt: PeerRuntime, cmd: dict[str, Any]) -> None:
    call = _call(rt, cmd, states=("CONFIRMED",))
    target = cmd.get("target_call")
    if target is not None:  # attended: replace our call with the target call at the far end
        other = _call(rt, {"call": target}, states=("CONFIRMED",))
        call.xferReplaces(other, pj.CallOpParam(True))
    else:
        call.xfer(_uri(rt, cmd.get("uri")), pj.CallOpParam(True))


HANDLERS = {
    "call": cmd_call, "answer": cmd_answer, "hangup": cmd_hangup, "dtmf": cmd_dtmf,
    "hold": cmd_hold, "unhold": cmd_unhold, "transfer": cmd_transfer, "message": cmd_message,
}


def execute(rt: PeerRuntime, cmd: dict[str, Any]) -> None:
    """Run one command and emit its reply."""
    name = cmd.get("cmd")
    reply: dict[str, Any] = {"reply": cmd.get("id")}
    try:
        if name == "status":
            result: Any = rt.status()
        elif name == "stop":
            rt.stop_reason = str(cmd.get("reason") or "stop command")
            result = None
        elif name in HANDLERS:
            result = HANDLERS[name](rt, cmd)
        else:
            raise CommandError(f"unknown command {name!r}")
        reply.update(ok=True, result=result)
    except CommandError as exc:
        reply.update(ok=False, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a pjsua2 error is reported, the peer keeps running
        reply.update(ok=False, error=f"{type(exc).__name__}: {exc}")
    rt.emit(reply)
