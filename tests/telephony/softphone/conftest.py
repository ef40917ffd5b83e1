"""Fixtures of the softphone tests: our engine in this process, lab peers in their own processes.

``phone_factory`` starts :class:`Softphone` instances (the agent's voice is the plan's "agent"
tone) that collect their events in an :class:`Events` list a test can wait on; ``lab`` starts lab
peers (``telephony.lab.client.start_peer``) that are always stopped by PID at teardown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from telephony.lab.audio import FREQUENCY_PLAN
from telephony.lab.client import LabPeer, start_peer
from telephony.softphone import Softphone, SoftphoneConfig
from tests.telephony.softphone.support import AGENT_HZ, Events


@pytest.fixture
def phone_factory(tmp_path: Path) -> Iterator[Callable[..., tuple[Softphone, Events]]]:
    phones: list[Softphone] = []

    def make(**overrides: Any) -> tuple[Softphone, Events]:
        events = Events()
        config = dict(user="1001", voice_tone_hz=AGENT_HZ, recording_dir=tmp_path / "recordings",
                      no_answer_timeout_s=20, media_timeout_s=30, log_level=0)
        config.update(overrides)
        phone = Softphone(SoftphoneConfig(**config), sink=events)
        phone.start()
        phones.append(phone)
        return phone, events

    yield make
    for phone in phones:
        phone.stop()


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Callable[..., LabPeer]]:
    peers: list[LabPeer] = []

    def make(name: str, users: list[str] | None = None, **kw: Any) -> LabPeer:
        kw.setdefault("tone_hz", FREQUENCY_PLAN.get(name))
        kw.setdefault("max_seconds", 90)
        kw.setdefault("log_level", 1)
        peer = start_peer(name, users=users or [name], record_dir=tmp_path / "lab" / name, **kw)
        peers.append(peer)
        return peer

    yield make
    for peer in peers:
        peer.stop()
