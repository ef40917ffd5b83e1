"""Telephony test fixtures: lab peers (real pjsua2 processes on loopback) and a real Kamailio registrar.

``lab`` starts peers through telephony.lab.client and stops every one of them, by PID, at teardown,
whatever the test did.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telephony.lab.client import LabPeer, start_peer


class Lab:
    """Starts peers for one test; ``close()`` stops them all (gracefully, then SIGKILL)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.peers: list[LabPeer] = []

    def start(self, name: str, **kwargs: Any) -> LabPeer:
        kwargs.setdefault("record_dir", self.root / name)
        kwargs.setdefault("max_seconds", 90)
        kwargs.setdefault("users", [name])
        peer = start_peer(name, **kwargs)
        self.peers.append(peer)
        return peer

    def close(self) -> None:
        for peer in self.peers:
            peer.stop(timeout=5)


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    lab = Lab(tmp_path / "lab")
    try:
        yield lab
    finally:
        lab.close()
