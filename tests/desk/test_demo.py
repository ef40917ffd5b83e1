"""The README's first command's desk: ``hotline desk-demo --script`` brings up the demo center, the lab
and the desk signed in as 1001, plays one call through the UI and writes the screenshots."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.desk


def test_the_live_demo_plays_one_call_through_the_desk(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_HOME=str(tmp_path / "home"))
    shots = tmp_path / "shots"
    done = subprocess.run([sys.executable, "-m", "desktop.cli.main", "desk-demo", "--script", "--shots", str(shots),
                           "--max-seconds", "240"], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    steps = [line.split(": ", 1)[1] for line in done.stdout.splitlines() if line.startswith("demo: ")]
    assert steps[-4:] == ["dispatched", "hang up", "wrap-up", "done"] and "answer" in steps
    assert sorted(p.name for p in shots.glob("*.png")) == [
        "desk-1-signed-in.png", "desk-2-ringing.png", "desk-3-call-ticket.png", "desk-4-dispatched.png",
        "desk-5-after-call.png"]
    # nothing the demo started outlives it
    left = subprocess.run(["pgrep", "-f", str(tmp_path / "home")], capture_output=True, text=True)
    assert left.stdout.strip() == ""
