"""The desk's memory: glibc's malloc arenas limited before any thread starts.

    limit_malloc_arenas()      # first thing in ``hotline desk``, before the worker, phone and Qt threads

glibc gives each thread that allocates its own arena (up to 8 per core); freed memory stays in the
arena of the thread that freed it. The desk's threads (the database worker, the Suggester, pjsua2's,
Qt's) each grew an arena call by call: ``python -m bench desk`` measured about 33 KiB more RSS per
call, still growing after 200 calls; with two arenas (the same as ``MALLOC_ARENA_MAX=2``, which still
wins when set) the RSS stays flat after the first calls. Not glibc (musl, Windows): a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """``mallopt(M_ARENA_MAX, arenas)`` on glibc unless MALLOC_ARENA_MAX is set; True when applied."""
    if os.environ.get("MALLOC_ARENA_MAX") or os.name != "posix":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, int(arenas)))
