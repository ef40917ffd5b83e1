"""A hard crash of the desk's process (a fault in C++ code) leaves the Python stacks in <data dir>/crash.log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.desk
ROOT = Path(__file__).resolve().parents[2]


def _run(home: Path, code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOTLINE_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("PYTHONFAULTHANDLER", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)


def test_a_segfault_is_written_to_the_crash_log_with_the_stack(tmp_path):
    done = _run(tmp_path, "from desktop.app.crashlog import enable_crash_log\n"
                          "def inside_pjsua():\n"
                          "    import faulthandler; faulthandler._sigsegv()\n"
                          "print(enable_crash_log())\n"
                          "inside_pjsua()\n")
    assert done.returncode == -11
    log = (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert done.stdout.strip() == str(tmp_path / "crash.log")
    assert "--- hotline desk started" in log and "Segmentation fault" in log and "inside_pjsua" in log


def test_left_alone_when_faulthandler_is_on_already_and_a_bad_path_is_not_fatal(tmp_path):
    done = _run(tmp_path, "import faulthandler, sys; faulthandler.enable()\n"
                          "from desktop.app.crashlog import enable_crash_log\n"
                          "print(enable_crash_log())\n")
    assert done.returncode == 0 and done.stdout.strip() == "None" and not (tmp_path / "crash.log").exists()
    done = _run(tmp_path, "from pathlib import Path\nfrom desktop.app.crashlog import enable_crash_log\n"
                          "print(enable_crash_log(Path('/nonexistent/dir/crash.log')))\n")
    assert done.returncode == 0 and done.stdout.strip() == "None"
