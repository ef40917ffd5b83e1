"""The guard in front of pjsua2: bad commands are refused by name, without touching pjsua2."""

from __future__ import annotations

import pytest

from telephony.softphone import commands as c
from telephony.softphone.errors import BadCommand, BadUri, NoCall, TooManyCalls, UnknownCall, WrongCallState
from telephony.softphone.model import CallSnapshot, CallState, Direction, PhoneSnapshot, Registration
from telephony.softphone.uri import caller_number, normalize_destination, request_uri
from telephony.softphone.validate import check


def _call(call_id: str, state: CallState = CallState.CONFIRMED, **kw) -> CallSnapshot:
    return CallSnapshot(call_id=call_id, direction=kw.pop("direction", Direction.INBOUND), state=state,
                        remote_uri="sip:13900000000@127.0.0.1", caller_number="13900000000", dialled="12345",
                        sip_call_id=f"sip-{call_id}", interaction_id="i1", **kw)


def _phone(*calls: CallSnapshot) -> PhoneSnapshot:
    return PhoneSnapshot(account_uri="sip:1001@127.0.0.1", registration=Registration.DIRECT, calls=calls)


IDLE = _phone()
ONE = _phone(_call("c1"))
FOUR = _phone(*(_call(f"c{i}") for i in range(1, 5)))


@pytest.mark.parametrize(
    ("command", "phone", "error"),
    [
        (c.Hangup("c9"), IDLE, NoCall),
        (c.Hangup("c9"), ONE, UnknownCall),
        (c.BlindTransfer("c1", "sip:110@127.0.0.1"), IDLE, NoCall),
        (c.CompleteTransfer("c1", "c2"), ONE, UnknownCall),
        (c.Dial("sip:110@127.0.0.1"), FOUR, TooManyCalls),
        (c.Dial("not a uri"), IDLE, BadUri),
        (c.Dial(""), IDLE, BadUri),
        (c.Dial("sip:110@127.0.0.1:70000"), IDLE, BadUri),
        (c.Dial("110"), IDLE, BadUri),  # a bare number needs a domain (direct mode has none)
        (c.Dial("sip:expert@127.0.0.1", consult=True), IDLE, NoCall),
        (c.Answer("c1"), ONE, WrongCallState),
        (c.Hold("c1"), _phone(_call("c1", held=True)), WrongCallState),
        (c.Resume("c1"), ONE, WrongCallState),
        (c.Hold("c1"), _phone(_call("c1", CallState.EARLY)), WrongCallState),
        (c.SendDtmf("c1", "12x"), ONE, BadCommand),
        (c.SendDtmf("c1", "12", method="smoke"), ONE, BadCommand),
        (c.Conference(("c1",)), ONE, BadCommand),
        (c.Conference(("c1", "c1")), ONE, BadCommand),
        (c.DropOut("c1", "c1"), ONE, BadCommand),
        (c.Reject("c1", 200), _phone(_call("c1", CallState.INCOMING)), BadCommand),
        (c.Hangup(None), ONE, BadCommand),  # type: ignore[arg-type]
        ("answer everything", ONE, BadCommand),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, PhoneSnapshot) else f"{len(v.calls)}calls",
)
def test_refused_by_name(command, phone, error):
    with pytest.raises(error) as caught:
        check(command, phone, None)
    assert str(caught.value)  # a readable (Chinese) message, not an empty error


@pytest.mark.parametrize(
    ("command", "phone"),
    [
        (c.Dial("sip:110@127.0.0.1:5071"), ONE),
        (c.Answer("c1"), _phone(_call("c1", CallState.INCOMING))),
        (c.Hold("c1"), ONE),
        (c.Resume("c1"), _phone(_call("c1", held=True))),
        (c.SendDtmf("c1", "123#*A"), ONE),
        (c.Conference(("c1", "c2")), _phone(_call("c1"), _call("c2"))),
        (c.HangupAll(), IDLE),
    ],
    ids=lambda v: type(v).__name__,
)
def test_accepted(command, phone):
    assert check(command, phone, None) is None


def test_a_number_dials_in_the_registrar_domain():
    assert normalize_destination("110", "127.0.0.1:5060") == "sip:110@127.0.0.1:5060"
    assert normalize_destination('"市公安" <sip:110@10.0.0.1>', None) == "sip:110@10.0.0.1"


def test_caller_number_prefers_the_asserted_identity():
    invite = (
        "INVITE sip:12345@127.0.0.1:5060 SIP/2.0\r\n"
        "From: <sip:anonymous@gw.example>;tag=1\r\n"
        "P-Asserted-Identity: <sip:13812345678@gw.example>\r\n"
        "To: <sip:12345@127.0.0.1>\r\n\r\n"
    )
    assert caller_number(invite) == "13812345678"
    assert request_uri(invite) == "sip:12345@127.0.0.1:5060"
    assert caller_number(invite.replace("P-Asserted-Identity: <sip:13812345678@gw.example>\r\n", "")) == "anonymous"
    compact = "INVITE sip:0112345@127.0.0.1 SIP/2.0\r\nf: <sip:04711234567@gw>;tag=2\r\n\r\n"
    assert caller_number(compact) == "04711234567"  # compact From form, district number dialled (Ordos)


def test_the_engine_imports_no_qt_and_the_package_no_pjsua2():
    import subprocess
    import sys

    probe = (
        "import sys, telephony.softphone as s; assert 'pjsua2' not in sys.modules, 'package pulls pjsua2';"
        "import telephony.softphone.core, telephony.softphone.engine;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlalchemy'));"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
