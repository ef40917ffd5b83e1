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


from tests.telephony.softphone.conftest import phone_factory  # noqa: E402,F401 - the agents' softphones
