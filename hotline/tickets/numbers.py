"""Ticket numbers people read and say on the phone: date, seat and a daily sequence.

``20261122-007-0042`` is the 42nd ticket seat 007 took on 2026-11-22. Seats number their own
tickets, so workstations never need the center to hand out numbers, even offline.
"""

from __future__ import annotations

import re
from datetime import date

_SEAT = re.compile(r"^[0-9A-Za-z]{1,6}$")


def number_prefix(day: date, seat: str) -> str:
    """The shared prefix of every ticket number ``seat`` makes on ``day``."""
    if not _SEAT.match(seat):
        raise ValueError(f"seat must be 1-6 letters or digits, not {seat!r}")
    return f"{day:%Y%m%d}-{seat.zfill(3)}-"


def format_number(day: date, seat: str, sequence: int) -> str:
    """The ticket number for the ``sequence``-th ticket (1-based) of ``seat`` on ``day``."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{number_prefix(day, seat)}{sequence:04d}"
