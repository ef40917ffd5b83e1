"""The center's helper processes (announcer, music server): started with ``python -m`` (``hotline _child``
in the frozen bundle, telephony.spawn), stopped by PID.

Each runs in its own session with the project root on PYTHONPATH, its stderr in a log file, and
prints one JSON line on stdout once it is ready; ``stop`` sends SIGTERM, then SIGKILL. Started
with ``die_with_parent=True`` (``hotline center run`` does), a child gets SIGTERM when the thread
that started it dies (telephony.center.procs.die_with_parent), so a killed center leaves no
orphan answering on its ports.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

from telephony.spawn import module_argv

ROOT = Path(__file__).resolve().parents[2]


def python_env() -> dict[str, str]:
    """This environment with the project root first on PYTHONPATH (for ``python -m telephony...``)."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def wait_line(proc: subprocess.Popen[str], prefix: str, deadline: float) -> str:
    """The first stdout line of ``proc`` that starts with ``prefix`` (others skipped), or "" if it
    ends or prints none before ``deadline``. Reads the pipe unbuffered: later output stays unread."""
    assert proc.stdout is not None
    fd, buf = proc.stdout.fileno(), b""
    while True:
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.startswith(prefix.encode()):
                return line.decode(errors="replace")
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return ""
        chunk = os.read(fd, 4096)
        if not chunk:
            return ""
        buf += chunk


def spawn(module: str, args: list[str], log_path: Path | None, *, die_with_parent: bool = False,
          timeout: float = 20.0) -> tuple[subprocess.Popen[str], Any]:
    """Start ``python -m module args``; returns the process and the ``ready`` value of its JSON line.

    Lines before the JSON one (pjlib prints a banner on stdout) are skipped; RuntimeError if the
    process ends or prints no JSON line within ``timeout`` s.
    """
    from telephony.center.procs import die_with_parent as pdeathsig

    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - the child's
    proc = subprocess.Popen(module_argv(module, *args), stdout=subprocess.PIPE, stderr=log,
                            stdin=subprocess.DEVNULL, text=True, env=python_env(), start_new_session=True,
                            preexec_fn=pdeathsig if die_with_parent else None)  # main thread: see procs
    if log_path:
        log.close()  # type: ignore[union-attr]
    line = wait_line(proc, "{", time.monotonic() + timeout)
    try:
        return proc, json.loads(line)["ready"]
    except (ValueError, KeyError, TypeError):
        stop(proc)
        raise RuntimeError(f"{module} did not start: {line!r}") from None


def stop(proc: subprocess.Popen[str], timeout: float = 5.0) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``timeout``."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)
    if proc.stdout is not None:
        proc.stdout.close()
