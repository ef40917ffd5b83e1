"""Helpers of the softphone tests: an event collector with bounded waits, and tone checks on recordings."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

from telephony.lab.audio import FREQUENCY_PLAN, tone_energy
from telephony.lab.client import LabPeer
from telephony.softphone import Softphone
from telephony.softphone import model as m

AGENT_HZ = FREQUENCY_PLAN["agent"]


class Events:
    """The events a phone emitted, with a bounded wait."""

    def __init__(self) -> None:
        self.items: list[m.PhoneEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: m.PhoneEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[m.PhoneEvent], bool], timeout: float = 10.0, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for event in self.items[seen:]:
                    if predicate(event):
                        return event
                seen = len(self.items)
                left = deadline - time.monotonic()
                if left <= 0:
                    kinds = [type(e).__name__ for e in self.items[-8:]]
                    raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}: {kinds}")
                self._cond.wait(left)

    def call_state(self, call_id: str, state: str, timeout: float = 10.0) -> m.CallSnapshot:
        def match(e: m.PhoneEvent) -> bool:
            call = getattr(e, "call", None)
            return call is not None and call.call_id == call_id and call.state == state

        return self.wait(match, timeout, f"{call_id} {state}").call

    def incoming(self, timeout: float = 10.0, skip: int = 0) -> m.CallSnapshot:
        found: list[str] = []

        def match(e: m.PhoneEvent) -> bool:
            call = getattr(e, "call", None)
            if call is not None and call.state == "incoming" and call.call_id not in found:
                found.append(call.call_id)
                return len(found) > skip
            return False

        return self.wait(match, timeout, "an incoming call").call

    def of(self, kind: type) -> list[Any]:
        with self._cond:
            return [e for e in self.items if isinstance(e, kind)]


def direct_uri(phone: Softphone, user: str = "12345") -> str:
    return f"sip:{user}@127.0.0.1:{phone.sip_port}"


def read_audio(path: str | Path) -> tuple[np.ndarray, int]:
    """Mono float samples of a WAV or FLAC recording."""
    data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    return data.mean(axis=1), rate


def energies(path: str | Path, names: list[str], start_s: float | None = None,
             end_s: float | None = None) -> dict[str, float]:
    """The share of the window's power at each named plan tone."""
    samples = read_audio(path)
    return {n: tone_energy(samples, FREQUENCY_PLAN[n], start_s=start_s, end_s=end_s) for n in names}


def only_recording(peer: LabPeer, timeout: float = 10.0) -> Path:
    """The single recording a lab peer made (it records one WAV per call)."""
    files = peer.recordings(timeout=timeout)
    assert len(files) == 1, f"{peer.name} has {len(files)} recordings: {files}"
    return files[0]
