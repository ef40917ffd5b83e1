"""Audio checks for lab recordings: read a WAV, measure a tone by Goertzel, decide who was heard.

The lab peers each send a distinct pure tone (FREQUENCY_PLAN) and record what they hear, one WAV per
call. A test proves "A heard B" by ``tone_present(recording_of_A, FREQUENCY_PLAN["B"])``: the tone's
energy must stand well above the energy at every other frequency of the plan (which is where any
other peer would be) and above a floor, so silence or noise never passes.

The frequencies are all below 3.4 kHz (the lab peers negotiate G.711, 8 kHz), at least 90 Hz apart,
no harmonic (x2..x6) within 50 Hz of another, clear of the DTMF frequencies and of the 450 Hz
Chinese dial/ringback tone.
"""

from __future__ import annotations

import math
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# One tone per standard lab peer; "agent" is reserved for the softphone under test.
FREQUENCY_PLAN: dict[str, int] = {
    "caller-1": 530,
    "caller-2": 620,
    "caller-3": 810,
    "110": 900,
    "119": 990,
    "agent": 1110,
    "120": 1290,
    "122": 1380,
    "95598": 1520,
    "water": 1680,
    "gas": 1910,
    "heating": 2030,
    "expert-rsj": 2170,
    "expert-zjj": 2270,
    "expert-scjg": 2360,
    "expert-gjj": 2530,
    "expert-gd": 2810,
    "expert-yb": 2900,
}

Samples = tuple[np.ndarray, int]


def read_wav(path: str | Path) -> Samples:
    """Mono float samples in [-1, 1] and the sample rate of a 16-bit PCM WAV (stereo is averaged)."""
    p = Path(path)
    try:
        with wave.open(str(p), "rb") as w:
            rate, width, channels, n = w.getframerate(), w.getsampwidth(), w.getnchannels(), w.getnframes()
            raw = w.readframes(n)
    except (OSError, wave.Error, EOFError) as exc:
        raise ValueError(f"{p}: not a readable WAV file: {exc}") from exc
    if width != 2:
        raise ValueError(f"{p}: {8 * width}-bit samples; only 16-bit PCM is supported")
    data = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def _window(source: str | Path | Samples, start_s: float | None, end_s: float | None) -> Samples:
    samples, rate = read_wav(source) if isinstance(source, (str, Path)) else source
    lo = 0 if start_s is None else max(0, int(start_s * rate))
    hi = len(samples) if end_s is None else min(len(samples), int(end_s * rate))
    return samples[lo:hi], rate


def goertzel(samples: np.ndarray, rate: int, hz: float) -> float:
    """Power of ``samples`` at ``hz`` through a Hann window (an amplitude-A sine at ``hz`` gives A**2 / 2)."""
    if len(samples) == 0:
        return 0.0
    return goertzel_windowed(samples, rate, hz, np.hanning(len(samples)) if len(samples) > 16 else np.ones(len(samples)))


def goertzel_windowed(samples: np.ndarray, rate: int, hz: float, window: np.ndarray) -> float:
    # the DFT at one frequency evaluated directly is the Goertzel result, vectorised
    phase = np.exp(-2j * math.pi * hz * np.arange(len(samples)) / rate)
    value = np.dot(samples * window, phase)
    return float(2 * abs(value) ** 2 / window.sum() ** 2)


BLOCK_S = 0.2  # analysis block: a 200 ms Hann window resolves tones 90 Hz apart, tolerates drift and jitter


def tone_energy(
    source: str | Path | Samples, hz: float, *, start_s: float | None = None, end_s: float | None = None
) -> float:
    """Power at ``hz`` as a fraction of the window's total power: ~1 for that pure tone, ~0 if absent.

    Measured over 200 ms blocks and summed, so a received tone whose phase jumps (jitter buffer,
    packet loss concealment) or whose frequency drifts a little still counts in full."""
    samples, rate = _window(source, start_s, end_s)
    block = max(16, int(BLOCK_S * rate))
    if len(samples) < 16:
        return 0.0
    window = np.hanning(min(block, len(samples)))
    power_hz = power_all = 0.0
    for lo in range(0, max(1, len(samples) - len(window) + 1), len(window)):
        chunk = samples[lo:lo + len(window)]
        power_hz += goertzel_windowed(chunk, rate, hz, window)
        power_all += float(np.mean((chunk * window) ** 2) / np.mean(window**2))
    return power_hz / power_all if power_all > 0 else 0.0


def tone_levels(
    source: str | Path | Samples,
    freqs: Sequence[float] | None = None,
    *,
    start_s: float | None = None,
    end_s: float | None = None,
) -> dict[float, float]:
    """tone_energy at each frequency (default: every frequency of the plan) over one window."""
    window = _window(source, start_s, end_s)
    return {f: tone_energy(window, f) for f in (freqs or sorted(FREQUENCY_PLAN.values()))}


def rms_dbfs(source: str | Path | Samples, *, start_s: float | None = None, end_s: float | None = None) -> float:
    """Level of the window in dB relative to full scale (-inf for digital silence)."""
    samples, _ = _window(source, start_s, end_s)
    if not len(samples):
        return float("-inf")
    rms = math.sqrt(float(np.mean(samples**2)))
    return 20 * math.log10(rms) if rms > 0 else float("-inf")


def tone_present(
    source: str | Path | Samples,
    hz: float,
    *,
    start_s: float | None = None,
    end_s: float | None = None,
    min_energy: float = 0.02,
    ratio: float = 10.0,
    min_dbfs: float = -50.0,
) -> bool:
    """True when ``hz`` is clearly in the window: loud enough (``min_dbfs``), at least ``min_energy``
    of the window's power, and ``ratio`` times stronger than every other plan frequency."""
    window = _window(source, start_s, end_s)
    if rms_dbfs(window) < min_dbfs:
        return False
    mine = tone_energy(window, hz)
    if mine < min_energy:
        return False
    others = [tone_energy(window, f) for f in FREQUENCY_PLAN.values() if abs(f - hz) > 45]
    return all(mine >= ratio * o for o in others)


def dominant(source: str | Path | Samples, *, start_s: float | None = None, end_s: float | None = None) -> str | None:
    """The plan name whose tone is present in the window, or None (silence, speech, a mix)."""
    window = _window(source, start_s, end_s)
    for name, hz in FREQUENCY_PLAN.items():
        if tone_present(window, hz):
            return name
    return None


def write_tone(path: str | Path, hz: float, *, seconds: float = 1.0, rate: int = 16000, amplitude: float = 0.3) -> Path:
    """Write a 16-bit mono WAV of a pure tone that loops seamlessly (a whole number of cycles)."""
    p = Path(path)
    n = int(round(seconds * rate))
    cycles = max(1, round(hz * n / rate))
    t = np.arange(n)
    data = (amplitude * 32767 * np.sin(2 * math.pi * cycles * t / n)).astype("<i2")
    tmp = p.with_suffix(p.suffix + ".part")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())
    tmp.replace(p)
    return p
