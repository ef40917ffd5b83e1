"""Telephony test fixtures: lab peers (real pjsua2 processes on loopback) and a real Kamailio registrar.

``lab`` starts peers through telephony.lab.client and stops every one of them, by PID, at teardown,
whatever the test did. ``kamailio`` is a factory: ``kamailio(users={...}, static={...})`` runs Debian's
kamailio with resources/kamailio/lab-registrar.cfg on a free loopback port (telephony.lab.kamailio)
and stops its process group at teardown; it installs nothing and fails clearly if kamailio is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from telephony.lab.client import LabPeer, start_peer, stop_all
from telephony.lab.kamailio import Kamailio, KamailioError, find_kamailio, start_kamailio


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
        stop_all(self.peers, timeout=5)


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    lab = Lab(tmp_path / "lab")
    try:
        yield lab
    finally:
        lab.close()


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Callable[..., Kamailio]]:
    try:
        find_kamailio()
    except KamailioError as exc:
        pytest.fail(str(exc))
    started: list[Kamailio] = []

    def start(*, users: dict[str, str] | None = None, static: dict[str, str] | None = None) -> Kamailio:
        k = start_kamailio(tmp_path / f"kamailio-{len(started)}", users=users, static=static)
        started.append(k)
        return k

    try:
        yield start
    finally:
        for k in started:
            k.stop()
