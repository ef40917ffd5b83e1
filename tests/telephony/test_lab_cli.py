"""``hotline lab run | call | stop`` as real processes: a lab of two peers, a caller speaking, a clean stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from telephony.lab.audio import FREQUENCY_PLAN, dominant, tone_present


def _hotline(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def _alive(pid: int) -> bool:
    try:
        return "telephony.lab.peer" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return False


def test_lab_run_call_and_stop(tmp_path):
    env = dict(os.environ, HOTLINE_HOME=str(tmp_path / "home"))
    state_path = tmp_path / "home" / "lab" / "state.json"
    run = subprocess.Popen([sys.executable, "-m", "desktop.cli.main", "lab", "run", "--max-seconds", "60",
                            "--only", "110,water"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, start_new_session=True)
    try:
        end = time.monotonic() + 20
        while not state_path.exists():
            assert run.poll() is None, run.stdout.read()
            assert time.monotonic() < end, "the lab did not start within 20 s"
            time.sleep(0.2)
        state = json.loads(state_path.read_text(encoding="utf-8"))
        peers = {p["name"]: p for p in state["peers"]}
        assert set(peers) == {"110", "water"}
        assert peers["water"]["uris"][1].startswith("sip:water@127.0.0.1:")
        assert peers["110"]["tone_hz"] == FREQUENCY_PLAN["110"]

        call = _hotline("lab", "call", peers["110"]["uris"][0], "--say", "juzhuzheng", "--seconds", "2", env=env)
        assert call.returncode == 0, call.stdout + call.stderr
        assert "来电方听到: 110 (900 Hz)" in call.stdout

        stop = _hotline("lab", "stop", env=env)
        assert stop.returncode == 0 and "SIGTERM -> supervisor" in stop.stdout
        out, _ = run.communicate(timeout=20)
        assert run.returncode == 0
        assert "公安报警 110" in out and "实验室已停止" in out
        assert not state_path.exists()
        assert not any(_alive(p["pid"]) for p in peers.values())
        # the 110 peer recorded the caller: the caller's pilot tone under the speech
        [heard] = (tmp_path / "home" / "lab" / "recordings" / "110").glob("110-1-in-13800000001.wav")
        assert tone_present(heard, FREQUENCY_PLAN["caller-1"]) and dominant(heard) == "caller-1"
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGTERM)
            run.wait(timeout=15)
        for p in json.loads(state_path.read_text()).get("peers", []) if state_path.exists() else []:
            if _alive(p["pid"]):
                os.kill(p["pid"], signal.SIGKILL)


def test_lab_call_refuses_unknown_request_and_stop_without_lab(tmp_path):
    env = dict(os.environ, HOTLINE_HOME=str(tmp_path / "home"))
    bad = _hotline("lab", "call", "sip:110@127.0.0.1:5", "--say", "nonexistent", env=env)
    assert bad.returncode == 2 and "no recorded request 'nonexistent'" in bad.stderr
    assert "gjj-zufang" in bad.stderr
    unknown = _hotline("lab", "run", "--only", "111", env=env)
    assert unknown.returncode == 2 and "unknown lab peers 111" in unknown.stderr
    stop = _hotline("lab", "stop", env=env)
    assert stop.returncode == 0 and "没有运行中的实验室" in stop.stdout
