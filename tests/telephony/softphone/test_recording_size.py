"""Recordings are Ogg/Opus at <= 0.2 MB per minute with both voices kept (a real call, and a long synthetic one)."""

from __future__ import annotations

import json
import time
import wave
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import soundfile

from hotline.timezone import CST
from telephony.lab.audio import FREQUENCY_PLAN, tone_present
from telephony.softphone import Dial, Hangup
from telephony.softphone.model import RecordingWasSaved
from telephony.softphone.recording import LegRecord, RecordingJob, finish_recording, sha256_of
from tests.telephony.softphone.support import energies

LIMIT_MB_PER_MIN = 0.2


def test_a_real_call_of_known_length_is_stored_as_opus_under_the_limit_with_both_voices(phone_factory, lab):
    phone, events = phone_factory()
    p110 = lab("110")
    call_id = phone.run(Dial(p110.uri()))
    confirmed = events.call_state(call_id, "confirmed")
    time.sleep(12.0)
    phone.run(Hangup(call_id))
    events.call_state(call_id, "disconnected")
    saved = events.wait(lambda e: isinstance(e, RecordingWasSaved) and e.interaction_id == confirmed.interaction_id,
                        15, "the recording")
    manifest = json.loads(Path(saved.manifest_path).read_text(encoding="utf-8"))
    audio = Path(saved.audio_path)
    assert audio.suffix == ".ogg" and manifest["codec"] == "opus" and soundfile.info(str(audio)).subtype == "OPUS"
    assert manifest["sha256"] == sha256_of(audio) and manifest["bytes"] == audio.stat().st_size
    assert 11.0 < manifest["duration_s"] < 15.0
    mb_per_min = manifest["bytes"] / 1e6 / (manifest["duration_s"] / 60)
    assert mb_per_min <= LIMIT_MB_PER_MIN, mb_per_min
    both = energies(audio, ["agent", "110"], start_s=1.0, end_s=manifest["duration_s"] - 0.5)
    assert both["agent"] > 0.2 and both["110"] > 0.2, both


def _two_voices(path: Path, seconds: int, rate: int = 16000) -> None:
    """Caller tone for the first third, agent tone for the second, both (talking over) for the last."""
    t = np.arange(seconds * rate) / rate
    third = seconds * rate // 3
    caller = 0.25 * np.sin(2 * np.pi * FREQUENCY_PLAN["caller-1"] * t)
    agent = 0.25 * np.sin(2 * np.pi * FREQUENCY_PLAN["agent"] * t)
    caller[third:2 * third] = 0
    agent[:third] = 0
    rng = np.random.default_rng(7)
    mix = caller + agent + 0.01 * rng.standard_normal(len(t))  # line noise: the codec has real work
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((mix * 32767).astype("<i2").tobytes())


def test_three_minutes_of_two_voices_stay_under_the_limit_and_each_voice_is_found_where_it_spoke(tmp_path):
    wav = tmp_path / "i3.wav"
    _two_voices(wav, 180)
    start = datetime(2026, 12, 7, 9, 0, tzinfo=CST)
    job = RecordingJob("i3", "sip:1001@127.0.0.1", wav, start, start + timedelta(seconds=180),
                       [LegRecord("c1", "abc", "inbound", "sip:139@x", "139", "12345")])
    done = finish_recording(job)
    assert done.bytes / 1e6 / 3.0 <= LIMIT_MB_PER_MIN
    flac = finish_recording(_again(tmp_path, "i4"), "FLAC")
    assert flac.bytes > 3 * done.bytes  # the baseline it replaces
    decoded, rate = soundfile.read(str(done.audio_path), dtype="float32")
    samples = (decoded, rate)
    caller, agent = FREQUENCY_PLAN["caller-1"], FREQUENCY_PLAN["agent"]
    assert tone_present(samples, caller, start_s=5, end_s=55) and not tone_present(samples, agent, start_s=5, end_s=55)
    assert tone_present(samples, agent, start_s=65, end_s=115)
    assert not tone_present(samples, caller, start_s=65, end_s=115)
    both = {hz: energies(done.audio_path, [name], start_s=125, end_s=175)[name]
            for hz, name in ((caller, "caller-1"), (agent, "agent"))}
    assert min(both.values()) > 0.3, both


def _again(tmp_path: Path, name: str) -> RecordingJob:
    wav = tmp_path / f"{name}.wav"
    _two_voices(wav, 180)
    start = datetime(2026, 12, 7, 9, 0, tzinfo=CST)
    return RecordingJob(name, "sip:1001@127.0.0.1", wav, start, start, [])
