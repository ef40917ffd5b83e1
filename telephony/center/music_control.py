"""The director's side of the queue music: start the music process, tell it whom to play to.

    music = MusicServer(log_path=...)                 # python -m telephony.center.music, by PID
    k = start_center_kamailio(..., music_port=music.rtp_port)
    runner = DirectorRunner(..., music=music.control())
    music.stop()

:class:`MusicControl` sends one loopback datagram per command and never waits: a lost or late
command costs a caller some music, never a call.
"""

from __future__ import annotations

import socket
from pathlib import Path

from telephony.center.child import spawn, stop
from telephony.center.kamailio import QUEUE_MS
from telephony.center.music import caller_media


class MusicControl:
    """``play``/``stop`` datagrams to a music server's control port."""

    def __init__(self, control_port: int, host: str = "127.0.0.1") -> None:
        self._addr = (host, control_port)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.setblocking(False)

    def play(self, call: str, sdp: str) -> bool:
        """Start the greeting and music for ``call`` toward the audio address of its SDP offer."""
        media = caller_media(sdp)
        if media is None or not call or any(ch.isspace() for ch in call):
            return False
        return self._send(f"play {call} {media[0]} {media[1]}")

    def stop(self, call: str) -> bool:
        return self._send(f"stop {call}") if call and not any(ch.isspace() for ch in call) else False

    def _send(self, text: str) -> bool:
        try:
            self._sock.sendto(text.encode(), self._addr)
            return True
        except OSError:
            return False

    def close(self) -> None:
        self._sock.close()


class MusicServer:
    """A running music process (telephony.center.music), stopped by PID: SIGTERM, then SIGKILL."""

    def __init__(self, *, rtp_port: int = 0, control_port: int = 0, log_path: Path | None = None,
                 max_seconds: float = 24 * 3600.0, die_with_parent: bool = False) -> None:
        args = ["--rtp-port", str(rtp_port), "--control-port", str(control_port), "--max-seconds", str(max_seconds),
                "--max-stream-s", str(QUEUE_MS // 1000)]
        self.proc, ready = spawn("telephony.center.music", args, log_path, die_with_parent=die_with_parent)
        try:
            self.rtp_port, self.control_port = int(ready["rtp"]), int(ready["control"])
        except (KeyError, TypeError, ValueError):
            stop(self.proc)
            raise RuntimeError(f"the music server did not start: {ready!r}") from None

    def control(self) -> MusicControl:
        return MusicControl(self.control_port)

    def streams(self, timeout: float = 1.0) -> int:
        """How many callers it is playing to now (its answer to ``ping``)."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(timeout)
            s.sendto(b"ping", ("127.0.0.1", self.control_port))
            return int(s.recv(64).decode().split()[1])

    def stop(self, timeout: float = 5.0) -> None:
        stop(self.proc, timeout)
