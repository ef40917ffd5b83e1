"""Shared parts of the recording-store tests: a real nginx store, a real central PostgreSQL, desks as SQLite files,
and real Opus recordings made by the softphone's finisher from synthetic two-voice WAVs."""

from __future__ import annotations

import hashlib
import wave
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.timezone import CST
from storage.recording_tables import RecordingRow
from telephony.center.recstore_nginx import RecordingStore, upload_key
from telephony.softphone.recording import LegRecord, RecordingJob, finish_recording, recording_path

DESK = "1001"


def key_for(store: RecordingStore, desk: str = DESK) -> str:
    return upload_key(store.secret, desk)


def make_recording(directory: Path, seconds: float = 4.0, n: int = 0, fmt: str = "OPUS") -> Path:
    """A finished recording (audio + manifest) as the softphone leaves it; the manifest's path."""
    interaction = new_id()
    started = datetime(2026, 12, 7, 9, 0, tzinfo=CST) + timedelta(minutes=n)
    wav = recording_path(directory, interaction, started)
    rate = 16000
    t = np.arange(int(seconds * rate)) / rate
    mix = 0.2 * np.sin(2 * np.pi * (530 + 7 * (n % 50)) * t) + 0.2 * np.sin(2 * np.pi * 1110 * t)
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((mix * 32767).astype("<i2").tobytes())
    legs = [LegRecord(new_id(), f"sip-{interaction}@127.0.0.1", "inbound", "sip:13800000001@x", "13800000001",
                      "12345")]
    done = finish_recording(RecordingJob(interaction, f"sip:{DESK}@127.0.0.1", wav, started,
                                         started + timedelta(seconds=seconds), legs), fmt)
    return done.manifest_path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def states(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return dict(s.execute(select(RecordingRow.state, func.count()).group_by(RecordingRow.state)).all())


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())
