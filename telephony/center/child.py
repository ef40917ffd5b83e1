"""The center's helper processes (announcer, music server): started with ``python -m``, stopped by PID.

Each runs in its own session with the project root on PYTHONPATH, its stderr in a log file, and
prints one JSON line on stdout once it is ready; ``stop`` sends SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def spawn(module: str, args: list[str], log_path: Path | None) -> tuple[subprocess.Popen[str], Any]:
    """Start ``python -m module args``; returns the process and the ``ready`` value of its JSON line.

    Lines before the JSON one (pjlib prints a banner on stdout) are skipped; RuntimeError if the
    process ends or prints something else first.
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - the child's
    proc = subprocess.Popen([sys.executable, "-m", module, *args], stdout=subprocess.PIPE, stderr=log,
                            stdin=subprocess.DEVNULL, text=True, env=env, start_new_session=True)
    if log_path:
        log.close()  # type: ignore[union-attr]
    assert proc.stdout is not None
    line = proc.stdout.readline()
    while line and not line.startswith("{"):
        line = proc.stdout.readline()
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
