"""The lab registrar over TLS: a self-signed certificate and Kamailio's tls module beside the UDP port.

    k = start_tls_kamailio(run_dir, users={"1001": "pw"}, method="TLSv1.2+")   # k.tls_host: 127.0.0.1:PORT

Same lab configuration as telephony.lab.kamailio (digest auth, location, record-route), with TCP
enabled, ``enable_tls=yes`` and Debian's ``tls.so`` (package kamailio-tls-modules) loaded; the TLS
listener's server and client profiles use ``method`` (Kamailio's names: TLSv1, TLSv1.1, TLSv1.2,
TLSv1.2+ ...). The certificate is made with the ``openssl`` command for CN 127.0.0.1; peers do not
verify it (a lab has no CA). Used by the TLS/SRTP tests and measurements (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from telephony.lab.kamailio import (
    Kamailio,
    KamailioError,
    find_kamailio,
    free_udp_port,
    launch,
    render_data,
    template,
)

TLS_MODULE = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed RSA certificate for 127.0.0.1: (cert.pem, key.pem)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True,
                   timeout=60)
    return cert, key


def tls_config(cert: Path, key: Path, method: str) -> str:
    """Kamailio's tls.cfg: one server and one client profile, no certificate verification."""
    common = f"method = {method}\nverify_certificate = no\nrequire_certificate = no\n"
    return (f"[server:default]\n{common}certificate = {cert}\nprivate_key = {key}\n\n"
            f"[client:default]\n{common}")


class TlsKamailio(Kamailio):
    """A lab Kamailio with a TLS listener as well (``tls_port``)."""

    tls_port = 0

    @property
    def tls_host(self) -> str:
        """HOST:PORT of the TLS listener."""
        return f"127.0.0.1:{self.tls_port}"


def start_tls_kamailio(run_dir: Path, *, users: dict[str, str], method: str = "TLSv1.2+") -> TlsKamailio:
    """Start the lab registrar with a TLS listener; KamailioError if tls.so is missing or it fails."""
    find_kamailio()
    if not TLS_MODULE.exists():
        raise KamailioError(f"{TLS_MODULE} is missing: apt-get install kamailio-tls-modules")
    run_dir.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(run_dir / "cert")
    (run_dir / "tls.cfg").write_text(tls_config(cert, key, method), encoding="utf-8")
    text = template().read_text(encoding="utf-8")
    text = text.replace("disable_tcp=yes", "disable_tcp=no\nenable_tls=yes\ntcp_accept_aliases=yes")
    text = text.replace('loadmodule "htable.so"', f'loadmodule "htable.so"\nloadmodule "tls.so"\n'
                        f'modparam("tls", "config", "{run_dir / "tls.cfg"}")')
    cfg = run_dir / "lab-registrar-tls.cfg"
    cfg.write_text(text, encoding="utf-8")
    (run_dir / "lab-data.cfg").write_text(render_data(users, {}), encoding="utf-8")
    tls_port = free_udp_port()
    k = launch(cfg, run_dir, free_udp_port(), users, factory=TlsKamailio, listen=[f"tls:127.0.0.1:{tls_port}"])
    k.tls_port = tls_port  # type: ignore[attr-defined]
    return k  # type: ignore[return-value]
