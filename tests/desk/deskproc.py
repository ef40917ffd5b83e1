"""A real ``hotline desk`` process for tests: offscreen, scripted (``--script``), read line by line.

    desk = DeskProcess.start(tmp_path, db_url, name="run-1")   # waits for READY window
    desk.step({"do": "type", "field": "content", "text": "..."})  # returns when the desk printed "ok"
    desk.kill()                                                   # SIGKILL, by PID

Every process is bounded (``--quit-after``) and killed by its PID when the test is done with it.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

LIFETIME_S = 150  # --quit-after: no desk outlives a test by much even if a test forgets it


class DeskProcess:
    def __init__(self, proc: subprocess.Popen[str], script: Path) -> None:
        self.proc, self.script = proc, script
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.count = 0
        threading.Thread(target=self._read, daemon=True).start()

    @classmethod
    def start(cls, tmp_path: Path, db: str, name: str, password: str = "demo-1001",
              timeout: float = 60) -> DeskProcess:
        script = tmp_path / f"{name}.jsonl"
        script.write_text("")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_HOME=str(tmp_path / "home"))
        with open(tmp_path / f"{name}.stderr", "w") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "desktop.cli.main", "desk", "--db", db, "--login", "1001", "--password-stdin",
                 "--center", "127.0.0.1:9", "--print-ready", "--script", str(script),
                 "--quit-after", str(LIFETIME_S)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        assert proc.stdin is not None
        proc.stdin.write(password + "\n")
        proc.stdin.close()
        desk = cls(proc, script)
        try:
            desk.expect("READY window", timeout)
        except Exception:
            desk.kill()
            raise
        return desk

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), ""))  # end of output

    def expect(self, prefix: str, timeout: float = 20) -> tuple[float, str]:
        """The first line starting with ``prefix`` (earlier lines are skipped): (when it was read, line)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                at, line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"desk printed no {prefix!r} within {timeout} s") from None
            if line.startswith(prefix):
                return at, line
            if line == "" and self.proc.poll() is not None:
                raise RuntimeError(f"desk exited ({self.proc.returncode}) before {prefix!r}")

    def step(self, step: dict[str, Any], timeout: float = 20) -> tuple[float, str]:
        """Append a step to the script; returns (when its answer line was read, the line)."""
        self.count += 1
        with open(self.script, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(step, ensure_ascii=False) + "\n")
        return self.expect(f"SCRIPT {self.count} ", timeout)

    def dump(self) -> dict[str, Any]:
        _, line = self.step({"do": "dump"})
        return json.loads(line.split(" dump ", 1)[1])

    def kill(self) -> None:
        """SIGKILL by PID (no clean-up runs in the desk: the crash)."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
