"""``hotline center run`` starts the recording store (real nginx), restarts it on its port, and verifies uploads.

The center runs with ``hotline center start`` in its own HOTLINE_HOME on the real PostgreSQL; a desk
(a SQLite file) queues real Opus recordings, uploads them with the key ``hotline center upload-key``
prints and syncs; the center's verifier marks them verified and the mark comes back to the desk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from desktop.app.recupload import Uploader
from hotline.timezone import now
from storage.db import engine_for, upgrade
from storage.sync import sync_once
from telephony.center.procs import is_running, tcp_port_free
from telephony.lab.kamailio import free_udp_port
from tests.recordings.people import add_recording
from tests.telephony.center.recstore.support import DESK, files, make_recording, states


def _hotline(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOTLINE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def _state(home: Path) -> dict:
    return json.loads((home / "center" / "state.json").read_text(encoding="utf-8"))


def _wait(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _health(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=1) as resp:
            return resp.status == 204
    except OSError:
        return False


def test_center_run_serves_restarts_and_verifies_recordings(tmp_path, pg_url):
    home = tmp_path / "home"
    upgrade(pg_url)
    done = _hotline(home, "center", "start", "--db", pg_url, "--port", str(free_udp_port()), "--no-music",
                    "--max-seconds", "120", "--retention-every", "0.5")
    assert done.returncode == 0, done.stderr
    try:
        state = _state(home)
        url = state["store_url"]
        assert url and _health(url) and "store" in state["children"]
        secret = home / "center" / "recordings.secret"
        assert secret.stat().st_mode & 0o777 == 0o600
        old = state["children"]["store"]
        os.killpg(old["pgid"], signal.SIGKILL)  # nginx, master and worker
        _wait(lambda: "store restarted (PID" in (home / "center" / "center.log").read_text(errors="replace"), 15,
               "the store's restart in the log")
        _wait(lambda: _health(url), 10, "nginx on the same port again")
        _wait(lambda: _state(home)["children"].get("store", old)["pid"] != old["pid"], 5, "the new PID in the state")
        assert is_running(_state(home)["children"]["store"])

        key = _hotline(home, "center", "upload-key", DESK).stdout.strip()
        desk_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        upgrade(desk_url)
        desk, central = engine_for(desk_url), engine_for(pg_url)
        for i in range(2):
            make_recording(tmp_path / "recordings", n=i)
        up = Uploader(desk, tmp_path / "recordings", url, desk=DESK, key=key, origin="desk-1001")
        assert up.run_once().sent == 2
        sync_once(desk, central)
        _wait(lambda: states(central) == {"verified": 2}, 20, "the center's verifier")
        sync_once(desk, central)
        assert up.run_once().deleted == 2 and not files(tmp_path / "recordings")
        assert len(files(home / "center" / "recordings" / "store")) == 2
        # retention (the default 365 days): a verified recording of no ticket from 400 days ago is purged
        add_recording(central, store_path="1001/20251102/aged.ogg", started_at=now() - timedelta(days=400))
        (home / "center" / "recordings" / "store" / "1001" / "20251102").mkdir(parents=True)
        (home / "center" / "recordings" / "store" / "1001" / "20251102" / "aged.ogg").write_bytes(b"OggS")
        _wait(lambda: states(central) == {"verified": 2, "purged": 1}, 20, "the center's retention pass")
        assert len(files(home / "center" / "recordings" / "store")) == 2
        _wait(lambda: "已删除 1 条" in (home / "center" / "center.log").read_text(errors="replace"), 5,
              "the purge in the log")
        desk.dispose()
        central.dispose()
    finally:
        assert _hotline(home, "center", "stop").returncode == 0
    assert tcp_port_free(int(url.rsplit(":", 1)[1]))


def test_a_taken_store_port_is_refused_by_name_before_anything_starts(tmp_path):
    import socket

    home = tmp_path / "home"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        refused = _hotline(home, "center", "run", "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}", "--port",
                           str(free_udp_port()), "--store-port", str(port), "--max-seconds", "5")
    assert refused.returncode == 2 and str(port) in refused.stderr
    assert not (home / "center" / "state.json").exists() and not (home / "center" / "recstore").exists()
