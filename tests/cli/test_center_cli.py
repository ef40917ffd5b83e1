"""``hotline center``: run in the foreground for a bounded time, status, stop, and clear refusals."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from telephony.lab.kamailio import free_udp_port, sip_ping


def _hotline(tmp_path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOTLINE_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_run_starts_kamailio_and_the_director_then_stops_cleanly(tmp_path):
    port = free_udp_port()
    env = dict(os.environ, HOTLINE_HOME=str(tmp_path / "home"))
    proc = subprocess.Popen([sys.executable, "-m", "desktop.cli.main", "center", "run", "--db",
                             f"sqlite:///{tmp_path / 'center.sqlite3'}", "--port", str(port), "--max-seconds", "30"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 20
        while not sip_ping(port, 0.3) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
        status = _hotline(tmp_path, "center", "status", "--json")
        while status.returncode != 0 and time.monotonic() < deadline:  # the director comes up after Kamailio
            time.sleep(0.3)
            status = _hotline(tmp_path, "center", "status", "--json")
        assert status.returncode == 0 and '"running": true' in status.stdout and '"answering": true' in status.stdout
        stopped = _hotline(tmp_path, "center", "stop")
        assert stopped.returncode == 0 and "已停止" in stopped.stdout
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:  # a failed assertion: stop it the proper way so Kamailio goes too
            _hotline(tmp_path, "center", "stop")
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
    assert proc.returncode == 0, err
    assert "12345 呼叫中心已启动" in out and "12345 呼叫中心已停止" in out
    assert "排队提示：欢迎语和等候音乐" in out  # the music server ran beside it (and stopped with it)
    assert not sip_ping(port, 0.3)  # Kamailio is gone with it
    assert _hotline(tmp_path, "center", "status").returncode == 1


def test_bad_inputs_are_refused_clearly(tmp_path):
    bad_users = tmp_path / "users.toml"
    bad_users.write_text("[users]\n1001 = 5\n", encoding="utf-8")
    done = _hotline(tmp_path, "center", "run", "--users", str(bad_users), "--max-seconds", "1")
    assert done.returncode == 2 and "users.toml" in done.stderr
    done = _hotline(tmp_path, "center", "run", "--static", "110=http://x", "--max-seconds", "1")
    assert done.returncode == 2 and "NUMBER=sip:URI" in done.stderr
    done = _hotline(tmp_path, "center", "run", "--plan", str(tmp_path / "missing.toml"), "--max-seconds", "1")
    assert done.returncode == 2 and "missing.toml" in done.stderr
    done = _hotline(tmp_path, "center", "run", "--trusted", "gateway.example:5060", "--max-seconds", "1")
    assert done.returncode == 2 and "gateway.example" in done.stderr
    done = _hotline(tmp_path, "center", "run", "--auth-ban-s", "0", "--max-seconds", "1")
    assert done.returncode == 2 and "ban_s" in done.stderr
