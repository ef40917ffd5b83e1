"""Run Debian's Kamailio as the 12345 center: resources/kamailio/center.cfg plus generated tables.

    k = start_center_kamailio(run_dir, ha1={"1001": "<md5 hex>"}, static={"110": "sip:110@10.0.0.9"},
                              queues={"12345": "general", "0112345": "general"})
    k.port, k.evapi_port       # SIP on 127.0.0.1:<port>, evapi (the director's link) on <evapi_port>

Two files are written beside the copied config: ``center-defs.cfg`` (the evapi address, the SIP
domain and the digest REALM) and ``center-data.cfg`` (the auth, static and queue hash tables filled
at start-up). The auth table holds HA1 = MD5(user:REALM:password) only, never a password: the
center's accounts keep the HA1 made when a password was set (storage.accounts); plain passwords
given as ``users`` (the demo's TOML, tests) are turned into HA1 here before anything is written.
The process is started and stopped like the lab's registrar (telephony.lab.kamailio): its own
process group, SIGTERM to the group, then SIGKILL.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hotline.passwords import SIP_REALM, sip_ha1
from telephony.center.monitor_rules import MonitorRules, render_monitor
from telephony.center.procs import die_with_parent as die_with_parent_fn
from telephony.center.tls import CenterTls, ensure_certificates, render_tls_defs, tls_config
from telephony.lab.kamailio import (
    TOKEN,
    Kamailio,
    KamailioError,
    find_kamailio,
    free_udp_port,
    launch,
    render_data,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "kamailio"
TEMPLATE = RESOURCES / "center.cfg"
QUEUE_MS = 900000  # the longest a caller can be held in a queue (the plan's maximum waits are shorter)


class CenterKamailio(Kamailio):
    """A running center Kamailio; ``evapi_port`` is where the director connects; ``tls_port`` (0: off)
    is its TLS listener, whose CA the desks verify (``tls.ca_file``)."""

    evapi_port: int = 0
    tls_port: int = 0
    tls: CenterTls | None = None

    @property
    def tls_host(self) -> str:
        """HOST:PORT of the TLS listener (the desks' registrar is ``sip:HOST:PORT;transport=tls``)."""
        return f"127.0.0.1:{self.tls_port}"

    @property
    def ctl_socket(self) -> Path:
        return ctl_path(self.run_dir)

    def registered(self) -> dict[str, list[str]]:
        """Who is registered now (user -> contacts), read from Kamailio's usrloc over its ctl socket."""
        return registered_users(self.ctl_socket)


def ctl_path(run_dir: Path) -> Path:
    """Kamailio's ctl socket for ``run_dir``: inside it, unless that path is too long for a Unix socket
    (108 bytes with the name), then a short path in the temporary directory named after it."""
    inside = Path(run_dir) / "ctl.sock"
    if len(str(inside).encode()) < 100:
        return inside
    import hashlib
    import tempfile

    digest = hashlib.sha1(str(Path(run_dir).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"hotline-ctl-{digest}.sock"


def rpc(ctl_socket: Path, *args: str, timeout: float = 5.0) -> str:
    """One ``kamcmd`` call over Kamailio's ctl socket (``s:`` before an argument keeps it a string);
    its output, or KamailioError."""
    kamcmd = shutil.which("kamcmd") or "/usr/sbin/kamcmd"
    try:
        done = subprocess.run([kamcmd, "-s", f"unix:{ctl_socket}", *args], capture_output=True, text=True,
                              timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KamailioError(f"kamcmd {args[0]}: {exc}") from None
    if done.returncode != 0:
        raise KamailioError(f"kamcmd {args[0]} failed: {(done.stderr or done.stdout).strip()[-500:]}")
    return done.stdout


def registered_users(ctl_socket: Path, timeout: float = 5.0) -> dict[str, list[str]]:
    """``kamcmd ul.dump`` parsed into user -> contact URIs (the director's rebuild after a restart)."""
    users: dict[str, list[str]] = {}
    current = ""
    for raw in rpc(ctl_socket, "ul.dump", "brief", timeout=timeout).splitlines():
        line = raw.strip()
        if line.startswith("AoR:"):
            current = line.split(":", 1)[1].strip().split("@", 1)[0]
            users.setdefault(current, [])
        elif line.startswith("Contact:") and current:
            users[current].append(line.split(":", 1)[1].strip())
    return users


def free_tcp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Guard:
    """Failed-authentication limits: ``fail_max`` failures from one address, each within
    ``fail_window_s`` of the last, ban it from authenticating for ``ban_s`` seconds."""

    fail_max: int = 10
    fail_window_s: int = 60
    ban_s: int = 600

    def __post_init__(self) -> None:
        for name in ("fail_max", "fail_window_s", "ban_s"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 86400:
                raise KamailioError(f"guard {name} must be a whole number from 1 to 86400, got {value!r}")


def render_defs(port: int, evapi_port: int, ctl: Path, host: str = "127.0.0.1", music_port: int = 0,
                guard: Guard | None = None, queue_ms: int = QUEUE_MS) -> str:
    """center-defs.cfg: addresses, the ban tables, MUSIC_IP/MUSIC_PORT when callers hear the music server."""
    g = guard or Guard()
    music = f'#!define MUSIC_IP "{host}"\n#!define MUSIC_PORT "{music_port}"\n' if music_port else ""
    return (f'# generated by telephony.center.kamailio: do not edit\n'
            f'#!define EVAPI_ADDR "{host}:{evapi_port}"\n#!define DOMAIN "{host}:{port}"\n'
            f'#!define CTL_SOCKET "unix:{ctl}"\n#!define QUEUE_MS {int(queue_ms)}\n{music}'
            f'#!define REALM "{SIP_REALM}"\n'
            f'#!define AUTH_FAIL_MAX {g.fail_max}\n'
            f'modparam("htable", "htable", "authfail=>size=8;autoexpire={g.fail_window_s};")\n'
            f'modparam("htable", "htable", "ban=>size=8;autoexpire={g.ban_s};")\n')


def render_trusted(peers: list[str]) -> str:
    """Trusted peers (the carrier's gateway: ``ip`` or ``ip:port``) for the hash table, whose
    P-Asserted-Identity the center believes."""
    lines = []
    for peer in peers:
        host, _, port = peer.partition(":")
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise KamailioError(f"trusted peer {peer!r}: expected an IPv4 address, optionally :port") from None
        if port and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
            raise KamailioError(f"trusted peer {peer!r}: bad port")
        lines.append(f'\t$sht(trusted=>{peer}) = 1;')
    return "\n".join(lines)


def credentials(users: dict[str, str] | None = None, ha1: dict[str, str] | None = None) -> dict[str, str]:
    """User -> HA1 for the auth table: plain ``users`` hashed for the center's realm, then ``ha1`` as given."""
    table = {user: sip_ha1(user, password) for user, password in (users or {}).items()}
    table.update(ha1 or {})
    return table


def render_auth(ha1: dict[str, str]) -> str:
    """The auth hash table (lines inside the htable:mod-init event route): user -> HA1, checked."""
    lines = []
    for user, secret in ha1.items():
        if not TOKEN.match(user):
            raise KamailioError(f"bad SIP user {user!r}")
        if len(secret) != 32 or any(c not in "0123456789abcdef" for c in secret):
            raise KamailioError(f"HA1 of {user} is not 32 lower-case hex digits")
        lines.append(f'\t$sht(auth=>{user}) = "{secret}";')
    return "\n".join(lines)


def render_queues(queues: dict[str, str]) -> str:
    """Queue numbers for the hash table (lines to add inside the htable:mod-init event route)."""
    lines = []
    for number, queue in queues.items():
        if not number.isdigit() or not queue.replace("-", "").replace("_", "").isalnum() or not queue.isascii():
            raise KamailioError(f"bad queue number {number!r} -> {queue!r}")
        lines.append(f'\t$sht(queue=>{number}) = "{queue}";')
    return "\n".join(lines)


def start_center_kamailio(run_dir: str | Path, *, users: dict[str, str] | None = None,
                          ha1: dict[str, str] | None = None, static: dict[str, str] | None = None,
                          queues: dict[str, str] | None = None,
                          port: int = 0, evapi_port: int = 0, music_port: int = 0,
                          trusted: list[str] | None = None, guard: Guard | None = None,
                          queue_ms: int = QUEUE_MS, monitor: MonitorRules | None = None, ready_timeout: float = 10.0,
                          die_with_parent: bool = False, tls_port: int | None = None,
                          tls_dir: Path | None = None) -> CenterKamailio:
    """Start the center's Kamailio in ``run_dir``; returns once it answers OPTIONS.

    ``ha1`` (user -> HA1, the accounts' ``sip_credentials``) and ``users`` (user -> plain password,
    the demo's TOML and tests; hashed here) fill the auth table; no password is written anywhere.
    With ``music_port`` (the music server's RTP port, telephony.center.music) a queued call that
    offers PCMU is answered 183 with early media from there instead of 180 (ringback). ``trusted``
    peers' P-Asserted-Identity is believed; ``guard`` sets the failed-authentication ban; ``queue_ms``
    is the longest a suspended caller is held (tests shorten it to see a dying wait reported);
    ``monitor`` says who may listen to / whisper to / barge in on whom (telephony.center.monitor_rules;
    default: nobody, and the indicator shown). The data
    file holds the HA1s: it is written readable by its owner only. With ``die_with_parent`` it
    gets SIGTERM when the thread that started it dies (PR_SET_PDEATHSIG). With ``tls_port`` (0: a
    free port; None: no TLS) it also listens on TLS with the certificate in ``tls_dir`` (made there
    on first use, telephony.center.tls; default ``run_dir/tls``) and the accounts must use TLS.
    """
    find_kamailio()
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_udp_port()
    evapi_port = evapi_port or free_tcp_port()
    cfg = run_dir / "center.cfg"
    shutil.copyfile(TEMPLATE, cfg)
    tls: CenterTls | None = None
    listen: list[str] = []
    if tls_port is not None:
        tls_port = tls_port or free_tcp_port()
        tls = ensure_certificates(Path(tls_dir or run_dir / "tls"))
        (run_dir / "tls.cfg").write_text(tls_config(tls), encoding="utf-8")
        listen.append(f"tls:127.0.0.1:{tls_port}")
    (run_dir / "center-tls.cfg").write_text(render_tls_defs(run_dir / "tls.cfg" if tls else None), encoding="utf-8")
    (run_dir / "center-defs.cfg").write_text(render_defs(port, evapi_port, ctl_path(run_dir),
                                                         music_port=music_port, guard=guard, queue_ms=queue_ms),
                                          encoding="utf-8")
    data = render_data({}, static or {})
    tables = "\n".join(filter(None, [render_auth(credentials(users, ha1)),
                                      render_queues(queues or {"12345": "general"}), render_trusted(trusted or []),
                                      render_monitor(monitor or MonitorRules())]))
    data = data.replace("\n}\n", "\n" + tables + "\n}\n")
    write_private(run_dir / "center-data.cfg", data)
    k = launch(cfg, run_dir, port, users or {}, shm_mb=128, pkg_mb=8, ready_timeout=ready_timeout,
               factory=CenterKamailio, preexec_fn=die_with_parent_fn if die_with_parent else None, listen=listen)
    assert isinstance(k, CenterKamailio)
    k.evapi_port = evapi_port
    if tls is not None:
        k.tls_port, k.tls = int(tls_port or 0), tls
    return k


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable and writable by its owner only (0600), from the start."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
