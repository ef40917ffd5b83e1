"""Process bookkeeping of the center: children that die with their parent, identities, groups, ports.

    Popen(..., preexec_fn=die_with_parent, start_new_session=True)   # SIGTERM when our thread dies
    ident = identity(pid)            # {"pid", "start"}: the start time tells a reused PID apart
    is_running(ident)                # the same process still there (not a zombie)
    end_group(pgid)                  # SIGTERM to the whole group, SIGKILL if it lingers
    udp_port_free(port)              # nobody bound to 127.0.0.1:port

Every center child runs in its own session (process group = its PID), so a Kamailio's forked
workers die with it when the group is signalled; SIGKILL to Kamailio's main process alone would
leave them bound to the SIP port.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import time
from typing import Any

PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)
_prctl = _libc.prctl  # resolved here: the forked child must not load libraries


def die_with_parent() -> None:
    """``preexec_fn``: the child gets SIGTERM when the thread that forked it ends (PR_SET_PDEATHSIG).

    Spawn from the main thread: the signal follows the forking thread, not the process. If the
    parent is already gone when this runs (a race with its death), the child exits at once.
    """
    parent = os.getppid()
    _prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _stat(pid: int) -> list[str] | None:
    try:
        raw = open(f"/proc/{pid}/stat", "rb").read().decode(errors="replace")  # noqa: SIM115 - tiny read
    except OSError:
        return None
    # the command name may hold spaces or parentheses: the fields start after the last ')'
    return raw[raw.rfind(")") + 2:].split()


def identity(pid: int) -> dict[str, int]:
    """``{"pid": pid, "start": <start time in clock ticks since boot>}`` (start 0 if it is gone)."""
    fields = _stat(pid)
    return {"pid": pid, "start": int(fields[19]) if fields else 0}


def is_running(ident: dict[str, Any] | None) -> bool:
    """True when the process ``ident`` names still runs (same PID and start time, not a zombie)."""
    if not ident or not int(ident.get("pid", 0)):
        return False
    fields = _stat(int(ident["pid"]))
    if fields is None or fields[0] in ("Z", "X"):
        return False
    start = int(ident.get("start", 0))
    return not start or int(fields[19]) == start


def group_alive(pgid: int) -> bool:
    """Some process (not a zombie we could not reap) is still in process group ``pgid``."""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                return True
    return False


def end_group(pgid: int, grace: float = 3.0) -> bool:
    """SIGTERM to group ``pgid``, SIGKILL after ``grace`` s if any member lingers; True if it is empty."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return True
        end = time.monotonic() + grace
        while time.monotonic() < end:
            if not group_alive(pgid):
                return True
            time.sleep(0.05)
    return not group_alive(pgid)


def udp_port_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when ``host:port`` can be bound for UDP now (Kamailio's SIP socket is not there)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def tcp_port_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when ``host:port`` can be bound for TCP listening now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True
