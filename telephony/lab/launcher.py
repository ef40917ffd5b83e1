"""Start and stop a whole lab (several peer processes) and keep its state file for ``hotline lab stop``.

The state file (``<data dir>/lab/state.json``) names the supervising process and every peer with its
PID, port, URIs and tone. ``stop_lab`` signals the supervisor, then any peer still alive, and only
processes whose command line shows they are lab peers (a PID may have been reused since).
"""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telephony.lab.client import LabError, LabPeer, start_peer, stop_all
from telephony.lab.standard import PeerSpec

RTP_TIMEOUT_S = 20.0  # a lab call whose far end went silent (crashed agent) ends by itself


@dataclass
class RunningPeer:
    """A started standard peer."""

    spec: PeerSpec
    peer: LabPeer

    def row(self) -> dict[str, Any]:
        return {"name": self.spec.name, "label": self.spec.label, "kind": self.spec.kind,
                "users": list(self.spec.users), "pid": self.peer.pid, "port": self.peer.port,
                "uris": [self.peer.uri(u) for u in self.spec.users], "tone_hz": self.spec.tone_hz,
                "speech": self.spec.speech, "record_dir": str(self.peer.record_dir)}


def start_lab(specs: list[PeerSpec], *, record_root: Path, max_seconds: float, base_port: int = 0) -> list[RunningPeer]:
    """Start every peer (ports base_port, base_port+1, ... or free ones); all or nothing."""
    running: list[RunningPeer] = []
    try:
        for i, spec in enumerate(specs):
            wav = spec.wav()
            peer = start_peer(spec.name, users=list(spec.users), tone_hz=spec.tone_hz, wav=wav,
                              record_dir=record_root / spec.name, max_seconds=max_seconds,
                              port=base_port + i if base_port else 0, log_level=1,
                              rtp_timeout=RTP_TIMEOUT_S)
            running.append(RunningPeer(spec, peer))
    except (LabError, OSError, ValueError):
        stop_all([r.peer for r in running], timeout=5)
        raise
    return running


def write_state(path: Path, running: list[RunningPeer], *, max_seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"pid": os.getpid(), "started": time.time(), "max_seconds": max_seconds,
             "peers": [r.row() for r in running]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def read_state(path: Path) -> dict[str, Any] | None:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: unreadable lab state file: {exc}") from exc


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _alive(pid: int, marker: str) -> bool:
    return marker in _cmdline(pid)


def _wait_gone(pids: list[tuple[int, str]], timeout: float) -> list[tuple[int, str]]:
    end = time.monotonic() + timeout
    left = pids
    while left and time.monotonic() < end:
        time.sleep(0.1)
        left = [(p, m) for p, m in left if _alive(p, m)]
    return left


def stop_lab(path: Path, timeout: float = 10.0) -> list[str]:
    """Stop the lab described by the state file; returns what was done, one line each."""
    state = read_state(path)
    if state is None:
        return []
    done = []
    supervisor = int(state["pid"])
    if _alive(supervisor, "lab"):
        os.kill(supervisor, signal.SIGTERM)
        done.append(f"SIGTERM -> supervisor {supervisor}")
        _wait_gone([(supervisor, "lab")], timeout)
    peers = [(int(p["pid"]), "telephony.lab.peer") for p in state["peers"]]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = [(p, m) for p, m in peers if _alive(p, m)]
        for pid, _ in alive:
            os.kill(pid, sig)
            done.append(f"{signal.Signals(sig).name} -> peer {pid}")
        if not _wait_gone(alive, 5.0):
            break
    path.unlink(missing_ok=True)
    return done
