"""SIP over TLS and SRTP (SDES) with the wheel's pjsua2 (OpenSSL 1.0.2k) and Debian's Kamailio tls module.

The decision in docs/ARCHITECTURE.md (SIP over TLS and SRTP): signalling between a desk and the
center on TLS 1.2, media SRTP-mandatory. Two pjsua2 processes (telephony.lab.tls_peer) register over
TLS with a real Kamailio TLS listener (telephony.lab.tls), one calls the other through it: the TLS
connection is TLS 1.2 with an ECDHE AES-GCM suite, the call's media is SRTP on both ends; an offer of
plain RTP to an SRTP-mandatory phone is refused (488), and a phone that speaks no TLS cannot reach the
TLS listener at all.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from telephony.lab.kamailio import KamailioError
from telephony.lab.tls import start_tls_kamailio

ROOT = Path(__file__).resolve().parents[2]
USERS = {"1001": "tls-secret-1", "1002": "tls-secret-2"}


@pytest.fixture
def tls_kamailio(tmp_path):
    try:
        k = start_tls_kamailio(tmp_path / "kamailio", users=USERS)
    except KamailioError as exc:
        pytest.fail(str(exc))
    yield k
    k.stop()


def _peer(k, user: str, *extra: str) -> subprocess.Popen[str]:
    cert = k.run_dir / "cert"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(
        [sys.executable, "-m", "telephony.lab.tls_peer", "--user", user, "--password", USERS[user],
         "--registrar", k.tls_host, "--cert", str(cert / "cert.pem"), "--key", str(cert / "key.pem"), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, start_new_session=True)


def _lines(proc: subprocess.Popen[str], timeout: float = 40) -> list[dict]:
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate(timeout=10)
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _wait_registered(proc: subprocess.Popen[str], timeout: float = 15) -> list[dict]:
    seen: list[dict] = []
    assert proc.stdout is not None
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stdout.readline()
        if line.startswith("{"):
            seen.append(json.loads(line))
            if seen[-1].get("reg") == 200:
                return seen
    proc.kill()
    raise AssertionError(f"the answering phone did not register over TLS: {seen}")


def test_register_over_tls_and_call_with_srtp_through_kamailio(tls_kamailio):
    k = tls_kamailio
    callee = _peer(k, "1002", "--seconds", "20")
    first = _wait_registered(callee)
    caller = _peer(k, "1001", "--call", f"sip:1002@{k.tls_host}", "--seconds", "15")
    heard = _lines(caller)
    answered = first + _lines(callee)
    for lines in (heard, answered):
        [tls] = [x["tls"] for x in lines if "tls" in x][:1]
        assert tls["protocol"] == "TLSv1.2" and tls["remote"] == k.tls_host
        assert tls["cipher"].startswith("ECDHE-") and "GCM" in tls["cipher"]
        assert {"reg": 200} in lines
        [confirmed] = [x for x in lines if x.get("call") == "CONFIRMED"]
        assert confirmed["srtp"] and confirmed["srtp"].startswith("AES_")  # SDES-keyed SRTP on the call
        assert any(x.get("call") == "DISCONNECTED" for x in lines)


def test_plain_rtp_offer_to_an_srtp_mandatory_phone_is_refused(tls_kamailio):
    k = tls_kamailio
    callee = _peer(k, "1002", "--seconds", "15")
    _wait_registered(callee)
    caller = _peer(k, "1001", "--call", f"sip:1002@{k.tls_host}", "--srtp", "disabled", "--seconds", "10")
    heard = _lines(caller)
    callee.kill()
    callee.communicate(timeout=10)
    [ended] = [x for x in heard if x.get("call") == "DISCONNECTED"]
    assert ended["code"] == 488  # Not Acceptable Here: no SRTP, no call
    assert not any(x.get("call") == "CONFIRMED" for x in heard)


def test_the_tls_listener_answers_no_plain_sip(tls_kamailio):
    k = tls_kamailio
    options = (f"OPTIONS sip:{k.tls_host} SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-plain\r\n"
               f"From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:{k.tls_host}>\r\nCall-ID: plain-1\r\n"
               "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", k.tls_port), timeout=5) as conn:
        conn.sendall(options)
        conn.settimeout(3)
        try:
            reply = conn.recv(4096)
        except (TimeoutError, ConnectionResetError):
            reply = b""
    assert not reply.startswith(b"SIP/2.0")  # no SIP answer in clear on the TLS port


def test_the_desk_softphone_registers_over_tls_and_takes_an_srtp_call(tls_kamailio, tmp_path):
    from telephony.softphone import Answer, Softphone, SoftphoneConfig
    from telephony.softphone.model import Registration, RegistrationDidChange
    from tests.telephony.softphone.support import Events

    k = tls_kamailio
    events = Events()
    phone = Softphone(SoftphoneConfig(user="1001", registrar=f"sip:{k.tls_host};transport=tls",
                                      password=USERS["1001"], transport="tls", srtp="mandatory",
                                      recording_dir=tmp_path / "rec", log_level=0), sink=events)
    phone.start()
    try:
        events.wait(lambda e: isinstance(e, RegistrationDidChange)
                    and e.snapshot.registration is Registration.REGISTERED, 15, "registration over TLS")
        caller = _peer(k, "1002", "--call", f"sip:1001@{k.tls_host}", "--seconds", "15")
        incoming = events.incoming(timeout=15)
        phone.run(Answer(incoming.call_id))
        heard = _lines(caller)
        events.call_state(incoming.call_id, "disconnected")
    finally:
        phone.stop()
    [confirmed] = [x for x in heard if x.get("call") == "CONFIRMED"]
    assert confirmed["srtp"] and confirmed["srtp"].startswith("AES_")  # the engine's media is SRTP
    assert [x["tls"]["protocol"] for x in heard if "tls" in x][:1] == ["TLSv1.2"]


def test_an_srtp_optional_offer_to_an_srtp_mandatory_phone_is_refused(tls_kamailio):
    """Why every desk is SRTP-optional (docs/ARCHITECTURE.md): pjsip's mandatory side refuses even a
    keyed RTP/AVP offer, so mandatory and optional phones cannot call each other."""
    k = tls_kamailio
    callee = _peer(k, "1002", "--seconds", "15")
    _wait_registered(callee)
    caller = _peer(k, "1001", "--call", f"sip:1002@{k.tls_host}", "--srtp", "optional", "--seconds", "10")
    heard = _lines(caller)
    callee.kill()
    callee.communicate(timeout=10)
    [ended] = [x for x in heard if x.get("call") == "DISCONNECTED"]
    assert ended["code"] == 488 and not any(x.get("call") == "CONFIRMED" for x in heard)
