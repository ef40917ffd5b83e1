"""Where the director's time goes: a loopback capture (tcpdump) of the latency phase, split by hop.

For every call routed by the director the capture shows four moments: the caller's INVITE reaching
Kamailio, the ``queued`` event leaving on evapi, the director's ``route`` command arriving, and the
INVITE leaving Kamailio for the agent. Their differences are Kamailio's queue hand-off
(``kamailio_in``), the director process (``director``) and Kamailio's resume to the agent
(``kamailio_out``); the direct calls give the single Kamailio hop they are compared with. Needs
tcpdump and the right to capture (root); ``python -m bench center --capture``.
"""

from __future__ import annotations

import re
import shutil
import signal
import struct
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_CALL_ID = re.compile(rb"\r\nCall-ID:\s*(\S+)", re.I)
_QUEUED = re.compile(rb'"event":"queued","tindex":(\d+),"tlabel":(\d+),"callid":"([^"]+)"')
_ROUTE = re.compile(rb"route,(\d+),(\d+),")


class Capture:
    """tcpdump on lo for the center's SIP port and its evapi port, while a ``with`` block runs."""

    def __init__(self, path: Path, sip_port: int, evapi_port: int) -> None:
        if shutil.which("tcpdump") is None:
            raise RuntimeError("--capture needs tcpdump (apt-get install tcpdump)")
        self.path, self.sip_port, self.evapi_port = path, sip_port, evapi_port
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Capture:
        self._proc = subprocess.Popen(
            ["tcpdump", "-i", "lo", "-s", "0", "-U", "-B", "16384", "-w", str(self.path),
             f"udp port {self.sip_port} or tcp port {self.evapi_port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1.0)  # tcpdump listening before the first call
        if self._proc.poll() is not None:
            raise RuntimeError(f"tcpdump: {self._proc.stderr.read().decode(errors='replace') if self._proc.stderr else ''}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            time.sleep(0.5)
            self._proc.send_signal(signal.SIGINT)
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()


def packets(path: Path) -> Iterator[tuple[float, str, int, int, bytes]]:
    """(time, "udp"|"tcp", source port, destination port, payload) of each IPv4 packet in a pcap file."""
    data = path.read_bytes()
    if len(data) < 24:
        return
    nano = struct.unpack("<I", data[:4])[0] == 0xA1B23C4D
    link = struct.unpack("<I", data[20:24])[0]
    skip = {1: 14, 113: 16, 0: 4}.get(link, 0)  # Ethernet (lo), Linux cooked, BSD loopback
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack("<IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ip = pkt[skip:]
        if len(ip) < 20 or ip[0] >> 4 != 4:
            continue
        seg = ip[(ip[0] & 15) * 4:]
        sport, dport = struct.unpack(">HH", seg[:4])
        when = sec + frac / (1e9 if nano else 1e6)
        if ip[9] == 17:
            yield when, "udp", sport, dport, seg[8:]
        elif ip[9] == 6:
            yield when, "tcp", sport, dport, seg[(seg[12] >> 4) * 4:]


def split(path: Path, sip_port: int, evapi_port: int,
          percentiles: Callable[[list[float]], dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per hop (ms): direct, director, and the director's kamailio_in / director / kamailio_out."""
    inbound: dict[str, float] = {}
    outbound: dict[str, float] = {}
    event: dict[str, float] = {}
    command: dict[str, float] = {}
    handles: dict[tuple[bytes, bytes], str] = {}
    for when, proto, sport, dport, payload in packets(path):
        if proto == "udp" and payload.startswith(b"INVITE "):
            m = _CALL_ID.search(payload)
            if m is None:
                continue
            call = m.group(1).decode(errors="replace")
            if dport == sip_port:
                inbound.setdefault(call, when)
            elif sport == sip_port:
                outbound.setdefault(call, when)
        elif proto == "tcp" and payload and sport == evapi_port:
            for m in _QUEUED.finditer(payload):
                call = m.group(3).decode(errors="replace")
                event.setdefault(call, when)
                handles[(m.group(1), m.group(2))] = call
        elif proto == "tcp" and payload and dport == evapi_port:
            for m in _ROUTE.finditer(payload):
                call = handles.get((m.group(1), m.group(2)), "")
                if call:
                    command.setdefault(call, when)

    def ms(later: dict[str, float], earlier: dict[str, float], calls: Any) -> dict[str, Any]:
        return percentiles([(later[c] - earlier[c]) * 1000 for c in calls if c in later and c in earlier])

    direct = [c for c in inbound if c not in event]
    return {"direct": ms(outbound, inbound, direct), "director": ms(outbound, inbound, event),
            "kamailio_in": ms(event, inbound, event), "director_process": ms(command, event, event),
            "kamailio_out": ms(outbound, command, command)}
