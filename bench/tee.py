"""A stream that writes to standard output and to a log file at once (the benchmarks' results logs)."""

from __future__ import annotations

import sys
from typing import Any


class Tee:
    def __init__(self, fh: Any) -> None:
        self.fh = fh

    def write(self, s: str) -> None:
        sys.stdout.write(s)
        self.fh.write(s)

    def flush(self) -> None:
        sys.stdout.flush()
        self.fh.flush()
