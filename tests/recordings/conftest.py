"""Fixtures for the recordings tests: the center database on the real PostgreSQL with its people,
the recording store (Debian nginx from telephony.center.recstore_nginx) and a real Ogg/Opus file in it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from storage.db import engine_for, upgrade
from telephony.center.recstore_nginx import RecordingStore
from tests.recordings.people import seed_people

RATE = 48000
SECONDS = 12.0


def write_call(path: Path, seconds: float = SECONDS) -> Path:
    """A two-tone 'call' (a louder first half, a quieter second), Ogg/Opus through libsndfile."""
    t = np.arange(int(RATE * seconds)) / RATE
    wave = np.where(t < seconds / 2, 0.5, 0.15) * np.sin(2 * np.pi * 440 * t)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, wave.astype("float32"), RATE, format="OGG", subtype="OPUS")
    return path


MEDIA_DEADLINE_S = 180  # QtMultimedia has deadlocked in these tests (see desktop/ui/player.py): never hang CI


@pytest.fixture
def media_deadline():
    """Past the deadline, print every thread's stack and end the run: a hang becomes a failure."""
    import faulthandler
    import sys

    faulthandler.dump_traceback_later(MEDIA_DEADLINE_S, exit=True, file=sys.stderr)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def center(pg_url):
    """(engine, people) on a fresh, upgraded PostgreSQL database."""
    upgrade(pg_url)
    engine = engine_for(pg_url)
    people = seed_people(engine)
    yield engine, people
    engine.dispose()


@pytest.fixture
def store(tmp_path):
    """nginx serving the store (stopped afterwards) with one verified file of 1001 at STORE_PATH."""
    nginx = RecordingStore(tmp_path / "run", tmp_path / "state", uploaders=["1001"])
    write_call(nginx.dirs["store"] / STORE_PATH)
    nginx.start()
    yield nginx
    nginx.stop()


STORE_PATH = "1001/20261207/call-a.ogg"
