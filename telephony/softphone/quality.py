"""Call quality from pjsua2's RTCP receive statistics: jitter, loss and an E-model MOS estimate.

The MOS estimate is the simplified ITU-T G.107 E-model that network monitors use: an effective
latency from round-trip time and jitter lowers R by a delay impairment, packet loss by an
equipment impairment (G.711 without PLC tuning: 2.5 per percent), and R maps to MOS 1–4.5.
"""

from __future__ import annotations

from telephony.softphone.model import Quality


def mos_estimate(rtt_ms: float, jitter_ms: float, loss_pct: float) -> float:
    """MOS (1.0–4.5) from round-trip time, jitter and loss; 4.4 or so on a clean loopback link."""
    latency = rtt_ms / 2 + 2 * jitter_ms + 10.0
    delay_impairment = latency / 40 if latency < 160 else (latency - 120) / 10
    r = 93.2 - delay_impairment - 2.5 * max(0.0, loss_pct)
    if r <= 0:
        return 1.0
    r = min(r, 100.0)
    mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)
    return round(max(1.0, min(4.5, mos)), 2)


def quality_from(jitter_usec: float, lost: int, received: int, rtt_usec: float) -> Quality:
    """A :class:`Quality` from raw counters (microseconds and packet counts, as pjsua2 gives them)."""
    total = lost + received
    loss_pct = 100.0 * lost / total if total > 0 else 0.0
    jitter_ms = max(0.0, jitter_usec) / 1000.0
    rtt_ms = max(0.0, rtt_usec) / 1000.0
    return Quality(
        jitter_ms=round(jitter_ms, 2),
        loss_pct=round(loss_pct, 2),
        rtt_ms=round(rtt_ms, 2),
        mos=mos_estimate(rtt_ms, jitter_ms, loss_pct),
        packets=received,
    )
