"""Call recording: a WAV on the bridge while the interaction lasts, then Ogg/Opus and a manifest off-thread.

One recording per *interaction* (an answered call plus its consultations and three-way legs):
the agent's voice and every leg feed one recorder port, so hold, consultation and conference
sit on one timeline. pjsua2 can only write WAV, so when the last leg hangs up the WAV is closed
on the pjsua2 thread and :func:`finish_recording` — run on a worker thread — compresses it with
``soundfile`` (libsndfile 1.2), writes a JSON manifest (legs, times, duration, codec, SHA-256 of
the stored file) beside it and removes the WAV. Any failure becomes a message for the agent's
alarm; the call is never touched.

Formats (``SoftphoneConfig.recording_format``): ``OPUS`` (the default) is Ogg/Opus with
libsndfile's compression level 0.95 (≈ 20 kbit/s VBR: ≈ 0.13–0.16 MB per minute of a call, both
voices kept, bench/results/recstore.json); ``FLAC`` is lossless (≈ 0.6–1.6 MB/min); ``VORBIS``
is Ogg/Vorbis.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class LegRecord:
    """One call leg of a recorded interaction, for the manifest."""

    call_id: str
    sip_call_id: str
    direction: str
    remote_uri: str
    caller_number: str
    dialled: str
    answered_at: str = ""
    ended_at: str = ""


@dataclass(slots=True)
class RecordingJob:
    """What the worker needs to finish one recording (plain data, no pjsua2 object)."""

    interaction_id: str
    account: str
    wav_path: Path
    started_at: datetime
    ended_at: datetime | None = None
    legs: list[LegRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FinishedRecording:
    interaction_id: str
    audio_path: Path
    manifest_path: Path
    duration_s: float
    bytes: int


def recording_path(directory: Path, interaction_id: str, started: datetime) -> Path:
    """Where the WAV of an interaction goes: ``<dir>/<YYYYMMDD>/<interaction>.wav`` (dir created)."""
    day = directory / started.strftime("%Y%m%d")
    day.mkdir(parents=True, exist_ok=True)
    return day / f"{interaction_id}.wav"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wait_until_closed(path: Path, timeout: float = 5.0) -> None:
    """Wait until pjsua2 has closed the WAV: its RIFF header then gives the file's real size.

    pjmedia removes a conference port asynchronously (on the media clock thread since 2.14), so
    the WAV writer may still be flushing when the recorder object is gone; reading it then would
    see a header that claims no samples.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            with path.open("rb") as fh:
                head = fh.read(8)
            size = path.stat().st_size
            if len(head) == 8 and head[:4] == b"RIFF" and int.from_bytes(head[4:8], "little") + 8 == size:
                return
        except FileNotFoundError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"录音文件未正常关闭：{path}")
        time.sleep(0.01)


#: format name -> (file suffix, libsndfile format, subtype, compression level, codec label)
FORMATS: dict[str, tuple[str, str, str, float | None, str]] = {
    "OPUS": (".ogg", "OGG", "OPUS", 0.95, "opus"),
    "FLAC": (".flac", "FLAC", "PCM_16", None, "flac"),
    "VORBIS": (".ogg", "OGG", "VORBIS", None, "vorbis"),
}


def finish_recording(job: RecordingJob, audio_format: str = "OPUS") -> FinishedRecording:
    """Compress the closed WAV, write the manifest, remove the WAV; raises OSError/RuntimeError.

    Writes go to temporary names first and are renamed into place, so a crash leaves either the
    WAV (to retry) or the finished pair, never a half file under the final name.
    """
    import soundfile

    wait_until_closed(job.wav_path)
    began = time.perf_counter()
    data, rate = soundfile.read(str(job.wav_path), dtype="int16", always_2d=False)
    suffix, container, subtype, level, codec = FORMATS[audio_format.upper()]
    audio = job.wav_path.with_suffix(suffix)
    tmp_audio = audio.with_name(audio.name + ".part")
    soundfile.write(str(tmp_audio), data, rate, format=container, subtype=subtype, compression_level=level)
    os.replace(tmp_audio, audio)
    duration = len(data) / float(rate) if rate else 0.0
    compress_s = time.perf_counter() - began
    manifest: dict[str, Any] = {
        "interaction_id": job.interaction_id,
        "account": job.account,
        "call_ids": [leg.call_id for leg in job.legs],
        "legs": [asdict(leg) for leg in job.legs],
        "started_at": job.started_at.isoformat(),
        "ended_at": (job.ended_at or job.started_at).isoformat(),
        "duration_s": round(duration, 3),
        "sample_rate": rate,
        "channels": 1,
        "format": audio_format.upper(),
        "codec": codec,
        "file": audio.name,
        "bytes": audio.stat().st_size,
        "wav_bytes": job.wav_path.stat().st_size,
        "compress_s": round(compress_s, 4),
        "sha256": sha256_of(audio),
    }
    manifest_path = audio.with_suffix(".json")
    tmp_manifest = manifest_path.with_name(manifest_path.name + ".part")
    tmp_manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp_manifest, manifest_path)
    job.wav_path.unlink(missing_ok=True)
    return FinishedRecording(job.interaction_id, audio, manifest_path, duration, manifest["bytes"])
