"""Fixtures of the center tests: the center's Kamailio (resources/kamailio/center.cfg), stopped by PID."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from telephony.center.kamailio import CenterKamailio, start_center_kamailio
from telephony.lab.kamailio import KamailioError, find_kamailio

AGENTS = {"1001": "pw-1001", "1002": "pw-1002", "1003": "pw-1003"}


@pytest.fixture
def center(tmp_path: Path) -> Iterator[Callable[..., CenterKamailio]]:
    try:
        find_kamailio()
    except KamailioError as exc:
        pytest.fail(str(exc))
    started: list[CenterKamailio] = []

    def start(**kw: Any) -> CenterKamailio:
        kw.setdefault("users", AGENTS)
        k = start_center_kamailio(tmp_path / f"center-{len(started)}", **kw)
        started.append(k)
        return k

    yield start
    for k in started:
        k.stop()


@pytest.fixture
def director(center: Any) -> Iterator[Callable[..., Any]]:
    """Start DirectorRunners beside a center Kamailio (plan, k, store, events=, announcer=, music=); all stopped after."""
    from telephony.center.runner import DirectorRunner

    runners: list[DirectorRunner] = []

    def start(plan: Any, k: CenterKamailio, store: Any, events: list | None = None,
              announcer: str | None = None, music: Any = None) -> DirectorRunner:
        runner = DirectorRunner(plan, store, k, events=events, announcer=announcer, music=music)
        runner.start()
        runners.append(runner)
        return runner

    yield start
    for runner in runners:
        runner.stop()


from tests.telephony.softphone.conftest import phone_factory  # noqa: E402,F401 - the agents' softphones
