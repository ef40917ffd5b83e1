"""``hotline center run --tls-port``: the desks reach the real center over TLS 1.2, media SRTP between desks.

One ``center run`` (Kamailio, director, music server, announcer) with a TLS listener; the desk's own
engine, set up from DeskSettings (sip_transport tls, srtp optional, the CA the center made and
verified by the engine), registers over TLS. An outside caller (a UDP lab peer, plain RTP: the trunk
side) dials 12345, hears the greeting as early media, and the director rings the TLS desk, which
answers: each hears the other's tone (plain RTP: the outside caller offers no keys). Then the desk
calls a second desk (a pjsua2 peer over TLS, SRTP optional like every desk): both offer SDES keys,
so the call is SRTP, and the desk hears the peer's tone. An account used over UDP is
refused (403) before any challenge; the center's CA key and server key are the owner's only. The
certificates are made once and kept (the server's signed by the CA, for 127.0.0.1/localhost); a bad
``--tls-port`` or a missing ``openssl`` command is a clear error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.app.settings import DeskSettings
from telephony.lab.audio import FREQUENCY_PLAN, read_wav, rms_dbfs
from telephony.lab.kamailio import free_udp_port, sip_ping
from telephony.lab.tls import make_certificate
from telephony.softphone import Answer, Dial, HangupAll, SendMessage
from tests.telephony.center.sipraw import RawSip, register
from tests.telephony.center.test_director import _registered
from tests.telephony.softphone.support import energies

ROOT = Path(__file__).resolve().parents[3]
PEER_HZ = FREQUENCY_PLAN["caller-2"]


def _env(home: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, HOTLINE_HOME=str(home), PYTHONPATH=path)


def _hotline(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=60, env=_env(home))


@pytest.fixture
def tls_center(tmp_path):
    """``hotline center run --tls-port 0`` (demo accounts); yields (home, UDP port, status JSON)."""
    home, port = tmp_path / "home", free_udp_port()
    proc = subprocess.Popen([sys.executable, "-m", "desktop.cli.main", "center", "run", "--db",
                             f"sqlite:///{tmp_path / 'center.sqlite3'}", "--port", str(port), "--tls-port", "0",
                             "--store-port", "-1", "--max-seconds", "150"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(home))
    try:
        deadline = time.monotonic() + 40
        status = None
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1][-3000:]
            done = _hotline(home, "center", "status", "--json")
            if done.returncode == 0 and sip_ping(port, 0.3):
                status = json.loads(done.stdout)
                break
            time.sleep(0.3)
        assert status is not None, "the center did not come up"
        yield home, port, status
    finally:
        _hotline(home, "center", "stop")
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate(timeout=10)


def _tls_peer(user: str, password: str, tls_host: str, certs: Path, *extra: str) -> subprocess.Popen[str]:
    cert, key = make_certificate(certs)  # its own listener's certificate (the center may connect to it)
    return subprocess.Popen(
        [sys.executable, "-m", "telephony.lab.tls_peer", "--user", user, "--password", password,
         "--registrar", tls_host, "--cert", str(cert), "--key", str(key), *extra],
        stdout=subprocess.PIPE, stderr=open(certs / "peer.log", "w"), text=True, env=_env(certs),  # noqa: SIM115
        start_new_session=True)


def _wait_line(proc: subprocess.Popen[str], want: dict, timeout: float = 20) -> list[dict]:
    seen: list[dict] = []
    assert proc.stdout is not None
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stdout.readline()
        if line.startswith("{"):
            seen.append(json.loads(line))
            if want.items() <= seen[-1].items():
                return seen
    raise AssertionError(f"no {want} from the TLS peer: {seen}")


def test_a_tls_desk_takes_a_queue_call_and_makes_an_srtp_call_through_center_run(tls_center, tmp_path, lab,
                                                                                 phone_factory):
    home, port, status = tls_center
    tls_host = f"127.0.0.1:{status['tls_port']}"
    ca = Path(status["tls_ca_file"])
    assert ca.is_file() and len(status["tls_fingerprint"].split(":")) == 32
    for key in ("ca-key.pem", "server-key.pem"):
        assert (ca.parent / key).stat().st_mode & 0o777 == 0o600

    # an account over UDP is refused outright: no challenge, no registration
    ua = RawSip(port)
    try:
        refused = register(ua, "1002", "demo-1002")
        assert refused is not None and refused.code == 403
    finally:
        ua.close()

    settings = DeskSettings(center=tls_host, sip_transport="tls", srtp="optional", tls_ca_file=str(ca)).validate()
    ear = tmp_path / "ear.wav"
    phone, events = phone_factory(user="1001", password="demo-1001", ear_recording=ear,
                                  **settings.softphone_security())
    _registered(events, "1001")  # over TLS, the center's certificate verified against its CA
    phone.run(SendMessage(f"sip:acd@{tls_host}", "ready"))

    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FREQUENCY_PLAN["caller-1"])  # UDP, plain RTP
    call = caller.call(f"sip:12345@127.0.0.1:{port}")
    incoming = events.incoming(timeout=20)
    phone.run(Answer(incoming.call_id))
    caller.wait_call(call, "CONFIRMED", timeout=10)
    time.sleep(3.0)
    caller.hangup(call)
    events.call_state(incoming.call_id, "disconnected", timeout=10)
    [heard] = caller.recordings(timeout=15)
    assert energies(heard, ["agent"], start_s=None, end_s=None)["agent"] > 0.3  # the caller heard the desk

    peer = _tls_peer("1002", "demo-1002", tls_host, tmp_path / "peer-cert", "--srtp", "optional",
                     "--tone", str(PEER_HZ), "--seconds", "60")
    try:
        lines = _wait_line(peer, {"reg": 200})
        phone.run(Dial(f"sip:1002@{tls_host}"))
        lines += _wait_line(peer, {"call": "CONFIRMED"})
        time.sleep(3.0)
        phone.run(HangupAll())
        lines += _wait_line(peer, {"call": "DISCONNECTED"})
    finally:
        peer.kill()
        peer.communicate(timeout=10)
    # the desk itself dials the queue: the greeting comes as early media in plain RTP from the music
    # server, which a desk with srtp=optional takes (a mandatory one could not: no keys in that answer)
    phone.run(SendMessage(f"sip:acd@{tls_host}", "not-ready:rest"))
    phone.run(Dial(f"sip:12345@{tls_host}"))
    time.sleep(4.0)
    phone.run(HangupAll())
    phone.stop()
    samples, rate = read_wav(ear)
    end = len(samples) / rate
    assert rms_dbfs(ear, start_s=end - 3.0, end_s=end - 0.3) > -40  # the greeting: sound, not silence
    assert max(energies(ear, ["caller-1", "caller-2"], start_s=end - 3.0, end_s=end - 0.3).values()) < 0.1
    [confirmed] = [x for x in lines if x.get("call") == "CONFIRMED"]
    assert confirmed["srtp"] and confirmed["srtp"].startswith("AES_")  # desk to desk: SRTP
    assert [x["tls"]["protocol"] for x in lines if "tls" in x][:1] == ["TLSv1.2"]
    shares = energies(ear, ["caller-1", "caller-2"], end_s=end - 3.0)
    assert shares["caller-1"] > 0.05 and shares["caller-2"] > 0.05, shares  # the desk heard both, plain and SRTP


def test_a_bad_tls_port_is_refused_before_anything_starts(tmp_path):
    done = _hotline(tmp_path / "home", "center", "run", "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}",
                    "--tls-port", "70000", "--max-seconds", "1")
    assert done.returncode == 2 and "--tls-port" in done.stderr
    assert not (tmp_path / "home" / "center" / "tls").exists()  # no certificate made for a refused run


def test_the_centers_certificates_are_made_once_and_kept(tmp_path):
    from telephony.center.tls import ensure_certificates

    first = ensure_certificates(tmp_path / "tls")
    again = ensure_certificates(tmp_path / "tls")  # a restart: the desks' copy of the CA stays valid
    assert again == first and first.ca_file.read_bytes() == again.ca_file.read_bytes()
    check = subprocess.run(["openssl", "verify", "-CAfile", str(first.ca_file), str(first.cert_file)],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr  # the server certificate is the CA's
    text = subprocess.run(["openssl", "x509", "-in", str(first.cert_file), "-noout", "-text"],
                          capture_output=True, text=True, timeout=30).stdout
    assert "IP Address:127.0.0.1" in text and "DNS:localhost" in text
    assert (tmp_path / "tls").stat().st_mode & 0o777 == 0o700


def test_without_the_openssl_command_the_center_says_so(tmp_path, monkeypatch):
    from telephony.center.tls import ensure_certificates
    from telephony.lab.kamailio import KamailioError

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(KamailioError):
        ensure_certificates(tmp_path / "tls")
