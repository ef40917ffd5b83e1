"""The lab's audio checks on synthetic signals and the committed speech: what passes and what must not."""

from __future__ import annotations

import itertools
import math
import wave

import numpy as np
import pytest

from hotline.paths import resources_dir
from telephony.lab.audio import FREQUENCY_PLAN, dominant, read_wav, tone_energy, tone_present, write_tone


def _sine(hz: float, seconds: float = 1.0, rate: int = 8000, amp: float = 0.3) -> np.ndarray:
    return amp * np.sin(2 * math.pi * hz * np.arange(int(seconds * rate)) / rate)


def test_frequency_plan_is_distinct_and_telephone_band():
    freqs = sorted(FREQUENCY_PLAN.values())
    assert len(set(freqs)) == len(freqs)
    assert all(300 <= f <= 3400 for f in freqs)
    dtmf = [697, 770, 852, 941, 1209, 1336, 1477, 1633]
    assert all(abs(f - d) >= 40 for f in freqs for d in dtmf)
    for a, b in itertools.combinations(freqs, 2):
        assert b - a >= 90
        assert all(abs(b - k * a) >= 50 for k in range(2, 7)), (a, b)


def test_tone_present_on_tone_mix_noise_and_silence(tmp_path):
    rate = 8000
    assert tone_present((_sine(900), rate), 900)
    assert not tone_present((_sine(900), rate), 990)
    mix = _sine(900) + _sine(990)  # two peers at once: neither dominates
    assert not tone_present((mix, rate), 900) and dominant((mix, rate)) is None
    rng = np.random.default_rng(1)
    assert not tone_present((0.3 * rng.standard_normal(rate), rate), 900)
    assert not tone_present((np.zeros(rate), rate), 900)
    quiet = _sine(900, amp=0.001)  # -63 dBFS: below the floor
    assert not tone_present((quiet, rate), 900)
    # a tone in the second half only, found by window
    half = np.concatenate([np.zeros(rate), _sine(530)])
    assert not tone_present((half, rate), 530, end_s=1.0) and tone_present((half, rate), 530, start_s=1.0)
    path = write_tone(tmp_path / "t.wav", 1290, rate=16000)
    assert tone_energy(path, 1290) > 0.99 and dominant(path) == "120"


def test_read_wav_names_the_file_on_bad_input(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav")
    with pytest.raises(ValueError, match="bad.wav: not a readable WAV"):
        read_wav(bad)
    eight = tmp_path / "eight.wav"
    with wave.open(str(eight), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(bytes(800))
    with pytest.raises(ValueError, match="8-bit samples"):
        read_wav(eight)


def test_committed_speech_is_8khz_mono_and_carries_no_plan_tone():
    files = sorted((resources_dir() / "speech").glob("*.wav"))
    assert len(files) >= 5
    for f in files:
        samples, rate = read_wav(f)
        assert rate == 8000 and 2.0 < len(samples) / rate < 15.0, f
        assert dominant((samples, rate)) is None, f
        # with the caller's pilot tone mixed under it, the caller is recognised
        pilot = 0.05 * np.sin(2 * math.pi * 530 * np.arange(len(samples)) / rate)
        assert dominant((samples + pilot, rate)) == "caller-1", f
