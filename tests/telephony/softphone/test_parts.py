"""The engine's pure parts: bridge links from call state, the MOS estimate, finishing a recording."""

from __future__ import annotations

import json
import wave
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import soundfile

from hotline.timezone import CST
from telephony.softphone.media import Leg, desired_links
from telephony.softphone.quality import mos_estimate, quality_from
from telephony.softphone.recording import LegRecord, RecordingJob, finish_recording, sha256_of


def leg(call_id, interaction="i1", *, media=True, held=False, muted=False, conference=False):
    return Leg(call_id, interaction, media, held, muted, conference)


def test_one_call_agent_talks_and_hears():
    assert desired_links([leg("c1")], []) == {("mic", ("call", "c1")), (("call", "c1"), "spk")}


def test_held_call_is_cut_from_the_agent_but_stays_on_the_recording():
    links = desired_links([leg("c1", held=True), leg("c2")], ["i1"])
    assert ("mic", ("call", "c1")) not in links and (("call", "c1"), "spk") not in links
    assert ("mic", ("call", "c2")) in links  # the consultation
    assert {(("call", "c1"), ("rec", "i1")), (("call", "c2"), ("rec", "i1")), ("mic", ("rec", "i1"))} <= links


def test_mute_stops_the_agent_voice_only():
    links = desired_links([leg("c1", muted=True)], [])
    assert links == {(("call", "c1"), "spk")}


def test_conference_bridges_the_two_parties_both_ways():
    links = desired_links([leg("c1", conference=True), leg("c2", conference=True)], ["i1"])
    assert (("call", "c1"), ("call", "c2")) in links and (("call", "c2"), ("call", "c1")) in links
    assert ("mic", ("call", "c1")) in links and ("mic", ("call", "c2")) in links


def test_no_bridge_across_interactions_or_without_media():
    links = desired_links([leg("c1", "i1", conference=True), leg("c2", "i2", conference=True),
                           leg("c3", "i1", media=False, conference=True)], [])
    call_to_call = {(a, b) for a, b in links if isinstance(a, tuple) and isinstance(b, tuple) and b[0] == "call"}
    assert call_to_call == set()
    assert all(("call", "c3") not in link for link in links)


def test_mos_clean_and_lossy():
    assert mos_estimate(0.2, 0.3, 0.0) >= 4.3
    assert mos_estimate(300, 40, 5) < 3.6
    assert mos_estimate(10_000, 500, 80) == 1.0
    q = quality_from(jitter_usec=2500, lost=5, received=95, rtt_usec=40_000)
    assert (q.jitter_ms, q.loss_pct, q.rtt_ms, q.packets) == (2.5, 5.0, 40.0, 95)


def _wav(path: Path, seconds: float, hz: float, rate: int = 16000) -> None:
    t = np.arange(int(seconds * rate)) / rate
    data = (0.3 * 32767 * np.sin(2 * np.pi * hz * t)).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())


def _job(tmp_path: Path) -> RecordingJob:
    wav = tmp_path / "i1.wav"
    _wav(wav, 2.0, 700)
    start = datetime(2026, 11, 22, 9, 0, tzinfo=CST)
    return RecordingJob("i1", "sip:1001@127.0.0.1", wav, start, start + timedelta(seconds=2),
                        [LegRecord("c1", "abc", "inbound", "sip:139@x", "139", "12345")])


def test_finish_compresses_writes_manifest_and_removes_the_wav(tmp_path):
    job = _job(tmp_path)
    done = finish_recording(job, "FLAC")
    manifest = json.loads(done.manifest_path.read_text(encoding="utf-8"))
    assert not job.wav_path.exists()
    assert done.audio_path.suffix == ".flac" and manifest["format"] == "FLAC"
    assert manifest["sha256"] == sha256_of(done.audio_path) and manifest["bytes"] == done.audio_path.stat().st_size
    assert manifest["duration_s"] == pytest.approx(2.0, abs=0.01)
    assert manifest["legs"][0]["dialled"] == "12345" and manifest["call_ids"] == ["c1"]
    data, rate = soundfile.read(done.audio_path, dtype="int16")
    assert rate == 16000 and len(data) == 32000  # lossless: every sample is back
    assert manifest["wav_bytes"] > manifest["bytes"]


def test_a_failed_compression_keeps_the_wav_and_leaves_no_half_file(tmp_path):
    job = _job(tmp_path)
    junk = b"WAVEjunk" + bytes(64)  # a closed RIFF file (size in its header is right) but no audio format
    job.wav_path.write_bytes(b"RIFF" + len(junk).to_bytes(4, "little") + junk)
    with pytest.raises(Exception):  # noqa: B017 - soundfile raises its own LibsndfileError
        finish_recording(job)
    assert job.wav_path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["i1.wav"]


def monitor_leg(call_id, mode, *, held=False):
    return Leg(call_id, "watch", True, held, False, False, mode)


@pytest.mark.parametrize(("mode", "agent_hears", "caller_hears"), [
    ("listen", False, False), ("whisper", True, False), ("barge", True, True)])
def test_a_monitoring_leg_is_linked_by_its_mode(mode, agent_hears, caller_hears):
    links = desired_links([leg("c1"), monitor_leg("m1", mode)], ["i1"])
    lead = ("call", "m1")
    assert ("mic", lead) in links and (("call", "c1"), lead) in links  # the lead hears agent and caller
    assert ((lead, "spk") in links) is agent_hears
    assert ((lead, ("call", "c1")) in links) is caller_hears
    assert ((lead, ("rec", "i1")) in links) is caller_hears  # the recording keeps what the caller heard
    assert ("mic", ("call", "c1")) in links and (("call", "c1"), "spk") in links  # the customer call as before
    assert ("rec", "watch") not in {b for _, b in links}  # the session itself is not recorded


def test_a_monitoring_leg_never_hears_a_held_call_nor_reaches_it():
    links = desired_links([leg("c1", held=True), monitor_leg("m1", "barge")], [])
    assert (("call", "c1"), ("call", "m1")) not in links and (("call", "m1"), ("call", "c1")) not in links
    assert ("mic", ("call", "m1")) in links
