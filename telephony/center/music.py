"""What a queued caller hears: the greeting, then hold music, as early media from this process.

Kamailio answers a queued INVITE that offers PCMU with ``183 Session Progress`` and an SDP naming
this process's RTP port (center.cfg, when the center runs with music); the director then asks it to
``play`` to the caller's RTP address (from the INVITE's SDP) and to ``stop`` once the call is
answered, abandoned, overflowed or ended. The caller's phone plays the 183's early media until the
agent's 200 OK replaces it (a forked answer: pjsua2 and common phones switch to the agent's media).

    python -m telephony.center.music --rtp-port 0 --control-port 0 [--greeting WAV] [--hold WAV]

One single-threaded process serves every waiting caller: a 20 ms tick sends each stream one PCMU
packet (greeting once, then the hold loop), the caller's own RTP is read and dropped. Control
datagrams on loopback: ``play <call> <ip> <port>``, ``stop <call>``, ``ping`` (answered ``pong``).
It prints one JSON line ``{"ready": {"rtp": P, "control": C}}`` and lives at most ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import array
import ipaddress
import json
import random
import select
import signal
import socket
import struct
import sys
import time
import wave
from dataclasses import dataclass
from pathlib import Path

FRAME = 160  # 20 ms of 8 kHz PCMU
TICK_S = 0.02
MAX_STREAMS = 1000


def _ulaw_table() -> bytes:
    """G.711 μ-law for every 16-bit sample (indexed by the sample as unsigned)."""
    out = bytearray(65536)
    for u in range(65536):
        sample = u - 65536 if u >= 32768 else u
        sign = 0x80 if sample < 0 else 0
        magnitude = min(-sample if sample < 0 else sample, 32635) + 0x84
        exponent = max(0, (magnitude >> 7).bit_length() - 1)
        mantissa = (magnitude >> (exponent + 3)) & 0x0F
        out[u] = ~(sign | (exponent << 4) | mantissa) & 0xFF
    return bytes(out)


_ULAW = _ulaw_table()


def ulaw(samples: array.array) -> bytes:
    """16-bit signed samples as PCMU bytes."""
    return bytes(_ULAW[s & 0xFFFF] for s in samples)


def load_pcmu(path: Path) -> bytes:
    """An 8 kHz mono 16-bit WAV as PCMU, padded with silence to whole 20 ms frames."""
    with wave.open(str(path), "rb") as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (8000, 1, 2):
            raise ValueError(f"{path}: need 8 kHz mono 16-bit PCM, got {w.getframerate()} Hz "
                             f"{w.getnchannels()} ch {8 * w.getsampwidth()}-bit")
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    data = ulaw(samples)
    return data + b"\xff" * (-len(data) % FRAME)


def media_address(ip: str, port: str | int) -> tuple[str, int] | None:
    """A unicast IPv4 address and a port 1-65535 (ASCII digits only), or None."""
    if isinstance(port, str):
        if not (port.isascii() and port.isdigit() and len(port) <= 5):
            return None
        port = int(port)
    if not 1 <= port <= 65535:
        return None
    try:
        addr = ipaddress.IPv4Address(ip)
    except ValueError:
        return None
    if addr.is_multicast or addr.is_unspecified or addr == ipaddress.IPv4Address("255.255.255.255"):
        return None
    return str(addr), port


def caller_media(sdp: str) -> tuple[str, int] | None:
    """The (address, port) an SDP offer receives its audio on (the audio stream's own c= line, else
    the session's), or None if it has no valid audio stream."""
    session_ip = media_ip = ""
    port = ""
    section = "session"
    for raw in sdp.splitlines():
        line = raw.strip()
        if line.startswith("m="):
            if section == "audio":
                break  # the next stream: the audio one is complete
            parts = line.split()
            section = "audio" if parts[0] == "m=audio" and not port else "other"
            if section == "audio":
                port = parts[1] if len(parts) > 1 else "0"
        elif line.startswith("c=IN IP4 ") and len(line.split()) > 2:
            if section == "session":
                session_ip = line.split()[2]
            elif section == "audio":
                media_ip = line.split()[2]
    ip = media_ip or session_ip
    return media_address(ip, port) if ip and port else None


@dataclass
class Stream:
    addr: tuple[str, int]
    ssrc: int
    seq: int
    started: float
    frame: int = 0


class Program:
    """The greeting once, then the hold loop, frame by frame."""

    def __init__(self, greeting: bytes, hold: bytes) -> None:
        self.audio = greeting + hold
        self.first = len(greeting) // FRAME
        self.loop = max(1, len(hold) // FRAME)

    def frame(self, n: int) -> bytes:
        i = n if n < self.first else self.first + (n - self.first) % self.loop
        return self.audio[i * FRAME:(i + 1) * FRAME] or b"\xff" * FRAME


def serve(rtp: socket.socket, control: socket.socket, program: Program, deadline: float,
          max_stream_s: float, stopping: dict[str, bool]) -> None:
    """The loop: control datagrams, the callers' RTP dropped, one packet a stream every 20 ms."""
    streams: dict[str, Stream] = {}
    next_tick = time.monotonic()
    while not stopping["now"] and time.monotonic() < deadline:
        ready, _, _ = select.select([control, rtp], [], [], max(0.0, next_tick - time.monotonic()))
        if control in ready:
            try:
                _control(control, streams)
            except Exception as exc:  # noqa: BLE001 - one bad datagram must not stop the music
                print(f"music: control datagram skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
        if rtp in ready:
            try:
                rtp.recv(2048)
            except OSError:
                pass
        now = time.monotonic()
        if now < next_tick:
            continue
        for call, s in list(streams.items()):
            if now - s.started > max_stream_s:
                del streams[call]
                continue
            header = struct.pack("!BBHII", 0x80, 0x80 if s.frame == 0 else 0, s.seq & 0xFFFF,
                                 (s.frame * FRAME) & 0xFFFFFFFF, s.ssrc)
            try:
                rtp.sendto(header + program.frame(s.frame), s.addr)
            except (OSError, OverflowError, ValueError):
                pass
            s.seq += 1
            s.frame += 1
        next_tick += TICK_S
        if next_tick < now - 0.2:  # fell far behind (the machine stalled): do not burst to catch up
            next_tick = now + TICK_S


def _control(sock: socket.socket, streams: dict[str, Stream]) -> None:
    try:
        data, peer = sock.recvfrom(2048)
    except OSError:
        return
    words = data.decode("utf-8", "replace").split()
    if words[:1] == ["ping"]:
        sock.sendto(f"pong {len(streams)}".encode(), peer)
    elif words[:1] == ["play"] and len(words) == 4:
        addr = media_address(words[2], words[3])
        if addr is not None and words[1] not in streams and len(streams) < MAX_STREAMS:
            streams[words[1]] = Stream(addr, random.getrandbits(32), random.getrandbits(16), time.monotonic())
    elif words[:1] == ["stop"] and len(words) == 2:
        streams.pop(words[1], None)


def main(argv: list[str]) -> int:
    """Run the music server until SIGTERM/SIGINT or ``--max-seconds``."""
    root = Path(__file__).resolve().parents[2] / "resources" / "music"
    ap = argparse.ArgumentParser(prog="python -m telephony.center.music")
    ap.add_argument("--rtp-port", type=int, default=0)
    ap.add_argument("--control-port", type=int, default=0)
    ap.add_argument("--greeting", type=Path, default=root / "greeting.wav")
    ap.add_argument("--hold", type=Path, default=root / "hold.wav")
    ap.add_argument("--max-stream-s", type=float, default=3600.0)
    ap.add_argument("--max-seconds", type=float, default=24 * 3600.0)
    args = ap.parse_args(argv)
    try:
        program = Program(load_pcmu(args.greeting), load_pcmu(args.hold))
    except (OSError, ValueError, wave.Error) as exc:
        print(f"music: {exc}", file=sys.stderr)
        return 2
    rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rtp.bind(("127.0.0.1", args.rtp_port))
    control = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    control.bind(("127.0.0.1", args.control_port))
    rtp.setblocking(False)
    control.setblocking(False)
    stopping = {"now": False}
    signal.signal(signal.SIGTERM, lambda s, f: stopping.update(now=True))
    signal.signal(signal.SIGINT, lambda s, f: stopping.update(now=True))
    print(json.dumps({"ready": {"rtp": rtp.getsockname()[1], "control": control.getsockname()[1]}}), flush=True)
    serve(rtp, control, program, time.monotonic() + args.max_seconds, args.max_stream_s, stopping)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
