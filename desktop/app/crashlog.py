"""Where a hard crash of the desk leaves its trace: ``<data dir>/crash.log``.

    enable_crash_log()      # once, early in ``hotline desk``

pjsua2 and Qt are C++ inside the desk's process: a fault there (SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
SIGILL) ends the process without a Python exception, so nothing else would say where it happened.
This turns Python's faulthandler on with the file kept open for the process's life: the crash
appends the time-stamped header written here and the stacks of every Python thread. When
faulthandler is on already (pytest), it is left as it is.
"""

from __future__ import annotations

import faulthandler
import os
import time
from pathlib import Path
from typing import IO

_FILE: IO[str] | None = None  # open for the process's life: faulthandler writes to its descriptor


def enable_crash_log(path: Path | None = None) -> Path | None:
    """Turn faulthandler on into ``path`` (default ``<data dir>/crash.log``); the path, or None when
    it was on already or the file cannot be opened (the desk runs on without it)."""
    global _FILE
    if faulthandler.is_enabled():
        return None
    if path is None:
        from hotline.paths import data_dir

        path = data_dir() / "crash.log"
    try:
        _FILE = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open on purpose
        _FILE.write(f"--- hotline desk started {time.strftime('%Y-%m-%d %H:%M:%S')} pid {os.getpid()}\n")
        _FILE.flush()
    except OSError:
        return None
    faulthandler.enable(file=_FILE, all_threads=True)
    return path
