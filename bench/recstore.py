"""``python -m bench recstore [--quick] [--files N]``: recording size, and uploads through an nginx restart.

- recording size: a two-voice call made of the test speech (resources/speech, caller and agent
  taking turns, 16 kHz as the softphone records) compressed by the softphone's finisher as Ogg/Opus
  (the stored format) and as FLAC (the format it replaces), in MB per minute; plus a check that
  both voices' lab tones survive Opus (telephony.lab.audio.tone_present).
- upload: N distinct Opus recordings queued on a desk (SQLite) and sent by the desk's upload loop
  (a ``desktop.app.recupload_main`` process: upload + sync with a throwaway PostgreSQL) to a real
  nginx store, which is stopped and started again once a third have arrived; the center's verifier
  runs beside. ``files`` verified in the store, ``lost`` (queued but never verified), ``duplicated``
  (a recording stored or recorded twice), ``mb_per_s`` (all bytes over the time to the last upload,
  restart included), beside the baseline ``raw_put_mb_per_s``: the same files PUT in a plain loop.
Results go to bench/results/recstore.json; the last line printed is the JSON. ``measure(quick)``
returns the same dict for the supervision aggregator.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).with_name("results")
ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("HOTLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@functools.cache
def _speech() -> list[np.ndarray]:
    import soundfile

    out = []
    for path in sorted((ROOT / "resources" / "speech").glob("*.wav")):
        data, rate = soundfile.read(str(path), dtype="float32")
        out.append(np.repeat(data, 16000 // rate))  # to the softphone's 16 kHz
    return out


def _write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> None:
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def _call(seconds: float, shift: int = 0) -> np.ndarray:
    """Caller and agent speaking in turns (the speech files in order from ``shift``), ``seconds`` long."""
    voices, parts, total, i = _speech(), [], 0, shift
    while total < seconds * 16000:
        gain = 0.8 if i % 2 else 0.5  # the two sides arrive at different levels
        parts += [voices[i % len(voices)] * gain, np.zeros(4000, dtype="float32")]
        total += len(parts[-2]) + 4000
        i += 1
    return np.concatenate(parts)[: int(seconds * 16000)]


def _finish(directory: Path, samples: np.ndarray, fmt: str, n: int = 0) -> Any:
    from hotline.ids import new_id
    from hotline.timezone import CST
    from telephony.softphone.recording import LegRecord, RecordingJob, finish_recording, recording_path

    interaction = new_id()
    started = datetime(2026, 12, 7, 9, 0, tzinfo=CST) + timedelta(minutes=n)
    wav = recording_path(directory, interaction, started)
    _write_wav(wav, samples)
    legs = [LegRecord(new_id(), f"bench-{interaction}", "inbound", "sip:138@x", "13800000001", "12345")]
    return finish_recording(RecordingJob(interaction, "sip:1001@127.0.0.1", wav, started, started, legs), fmt)


def recording_size(work: Path) -> dict[str, Any]:
    from telephony.lab.audio import FREQUENCY_PLAN, tone_present

    call = _call(120.0)
    sizes = {}
    for fmt in ("OPUS", "FLAC"):
        done = _finish(work / fmt.lower(), call, fmt)
        sizes[fmt] = done.bytes / 1e6 / (done.duration_s / 60)
    t = np.arange(60 * 16000) / 16000
    caller, agent = FREQUENCY_PLAN["caller-1"], FREQUENCY_PLAN["agent"]
    tones = np.where(t < 30, 0.3 * np.sin(2 * np.pi * caller * t), 0.3 * np.sin(2 * np.pi * agent * t))
    import soundfile

    done = _finish(work / "tones", tones.astype("float32"), "OPUS")
    decoded = soundfile.read(str(done.audio_path), dtype="float32")
    heard = (tone_present(decoded, caller, start_s=2, end_s=28) and tone_present(decoded, agent, start_s=32, end_s=58))
    return {"recording_mb_per_min": round(sizes["OPUS"], 4), "recording_flac_mb_per_min": round(sizes["FLAC"], 4),
            "both_voices_heard": bool(heard), "opus_tones_mb_per_min": round(done.bytes / 1e6, 4)}


def _throwaway_pg() -> tuple[str, Any]:
    import uuid

    import psycopg

    name = f"hotline_bench_recstore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}".replace("postgresql://", "postgresql+psycopg://", 1), drop


def upload(work: Path, files: int) -> dict[str, Any]:
    from bench.recstore_upload import run_upload

    recordings = work / "recordings"
    made = [_finish(recordings, _call(20.0, shift=i) * (0.6 + 0.001 * i), "OPUS", n=i) for i in range(files)]
    pg_url, drop = _throwaway_pg()
    try:
        return run_upload(work, recordings, made, pg_url)
    finally:
        drop()


def measure(quick: bool = False) -> dict[str, Any]:
    """Both measures (``quick``: 30 files instead of 200); the dict printed as the last line."""
    with tempfile.TemporaryDirectory(prefix="bench-recstore-") as tmp:
        work = Path(tmp)
        result = recording_size(work)
        result["upload"] = upload(work, 30 if quick else 200)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench recstore")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    began = time.monotonic()
    result = measure(args.quick)
    result["quick"], result["took_s"] = args.quick, round(time.monotonic() - began, 1)
    up = result["upload"]
    print(f"recording: Opus {result['recording_mb_per_min']} MB/min vs FLAC {result['recording_flac_mb_per_min']} "
          f"MB/min (limit 0.2); both voices' tones heard after Opus: {result['both_voices_heard']}")
    print(f"upload through an nginx restart: {up['files']} of {up['queued']} verified, lost {up['lost']}, "
          f"duplicated {up['duplicated']}, {up['mb_per_s']} MB/s (plain PUT loop: {up['raw_put_mb_per_s']} MB/s), "
          f"nginx down {up['store_down_s']} s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "recstore.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
