"""Fetch a recording by its signed URL and reduce it to waveform peaks (runs on a worker thread).

    peaks = fetch_peaks(url)          # -> Peaks(values=[0..1] * buckets, duration_s)

The same GET the player makes, read whole (a call is a few hundred kB of Opus), decoded by libsndfile
(soundfile) and folded to ``buckets`` maxima of |sample|, normalised to the loudest. A refusal or a
store that does not answer is a FetchError with a ``code`` the player shows: store-down (no
connection, timeout), forbidden (403), expired (410), not-found (404), http (another status),
bad-audio (not decodable).
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from typing import NamedTuple

CODES = ("store-down", "forbidden", "expired", "not-found", "http", "bad-audio")


class FetchError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Peaks(NamedTuple):
    values: list[float]
    duration_s: float


def fetch_bytes(url: str, timeout: float = 10.0) -> bytes:
    """The body of ``url`` or FetchError (see the module docstring for the codes)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - the center's own store
            return bytes(resp.read())
    except urllib.error.HTTPError as exc:
        code = {403: "forbidden", 410: "expired", 404: "not-found"}.get(exc.code, "http")
        raise FetchError(code, f"HTTP {exc.code}") from None
    except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as exc:
        raise FetchError("store-down", f"recording store unreachable: {exc}") from None


def peaks_of(data: bytes, buckets: int = 800) -> Peaks:
    """Fold decoded audio to ``buckets`` peaks (0..1) and its duration; FetchError bad-audio."""
    import numpy as np
    import soundfile as sf

    try:
        samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise FetchError("bad-audio", f"cannot decode recording: {exc}") from None
    mono = np.abs(samples).max(axis=1) if samples.size else np.zeros(0, dtype="float32")
    duration = len(mono) / float(rate) if rate else 0.0
    if len(mono) == 0:
        return Peaks([0.0] * buckets, duration)
    edges = np.linspace(0, len(mono), buckets + 1).astype(int)
    values = np.maximum.reduceat(mono, np.minimum(edges[:-1], len(mono) - 1))
    top = float(values.max()) or 1.0
    return Peaks([round(float(v) / top, 4) for v in values], duration)


def fetch_peaks(url: str, buckets: int = 800, timeout: float = 10.0) -> Peaks:
    """``peaks_of(fetch_bytes(url))``."""
    return peaks_of(fetch_bytes(url, timeout), buckets)
