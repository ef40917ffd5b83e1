"""The desk's composition root takes the center link from its settings: SIP over TLS, the CA verified.

The real center Kamailio with a TLS listener (its own CA); a DeskRoot whose DeskSettings say
``sip_transport = "tls"``, ``srtp = "optional"`` and the CA file registers over TLS (the phone bar's
snapshot says registered, the center's usrloc binding is on its TLS socket); with a CA that did not sign the
center's certificate the same desk never registers.
"""

from __future__ import annotations

import subprocess

import pytest

from telephony.center.tls import ensure_certificates
from telephony.softphone import model as m

pytestmark = pytest.mark.desk


def _desk(make_desk, tmp_path, k, ca):
    from desktop.app.settings import DeskSettings

    settings = DeskSettings(center=k.tls_host, sip_transport="tls", srtp="optional", tls_ca_file=str(ca),
                            profile="national", seat="007")
    root = make_desk(settings=settings, phone=True, softphone_overrides={"recording_dir": tmp_path / "rec",
                                                                         "log_level": 0, "reg_retry_s": 2})
    seen: list = []
    root.phone.snapshot.connect(seen.append)
    return root, seen


def test_the_desk_registers_over_tls_with_the_centers_ca(center, make_desk, qtbot, tmp_path):
    k = center(tls_port=0)
    root, seen = _desk(make_desk, tmp_path, k, k.tls.ca_file)
    assert root.phone.config.transport == "tls" and root.phone.config.srtp == "optional"
    qtbot.waitUntil(lambda: any(s.registration == m.Registration.REGISTERED for s in seen), timeout=20000)
    assert "1001" in k.registered()
    found = subprocess.run(["kamcmd", "-s", f"unix:{k.ctl_socket}", "ul.lookup", "location", "1001@127.0.0.1"],
                           capture_output=True, text=True, timeout=10)
    assert f"Socket: tls:127.0.0.1:{k.tls_port}" in found.stdout  # the binding is on the TLS listener


def test_a_desk_with_another_ca_does_not_register(center, make_desk, qtbot, tmp_path):
    k = center(tls_port=0)
    other = ensure_certificates(tmp_path / "other-ca")  # a CA that did not sign the center's certificate
    root, seen = _desk(make_desk, tmp_path, k, other.ca_file)
    qtbot.waitUntil(lambda: any(s.registration == m.Registration.FAILED for s in seen), timeout=20000)
    assert not any(s.registration == m.Registration.REGISTERED for s in seen)
    assert "1001" not in k.registered()
