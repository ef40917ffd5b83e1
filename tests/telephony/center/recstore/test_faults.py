"""Uploads through faults: the uploading desk SIGKILLed while nginx is stopped mid-run, and a full disk on each side.

Every recording must arrive exactly once, verified, and the desk deletes its copies only after the
center's mark has come back by sync.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.app.recupload import Uploader
from storage.db import engine_for, upgrade
from storage.recording_tables import RecordingRow, RecordingUploadRow
from storage.sync import sync_once
from telephony.center.recstore_nginx import RecordingStore
from telephony.center.recverify import VerifierThread, verify_uploads
from tests.telephony.center.recstore.support import DESK, files, key_for, make_recording, sha, states

ROOT = Path(__file__).resolve().parents[4]


def _desk_process(db_url: str, central_url: str, recordings: Path, store: RecordingStore) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop.app.recupload_main", "--db", db_url, "--central", central_url,
         "--recordings", str(recordings), "--store", store.base_url, "--desk", DESK, "--key", key_for(store),
         "--every", "0.2", "--batch", "2", "--max-backoff", "1", "--seconds", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "READY"
    return proc


def _wait(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_desk_killed_and_nginx_stopped_mid_run_every_recording_arrives_exactly_once_verified(
        tmp_path, store, pg_url):
    upgrade(pg_url)
    central = engine_for(pg_url)
    recordings = tmp_path / "recordings"
    manifests = [make_recording(recordings, seconds=3.0, n=i) for i in range(24)]
    expected = {json.loads(m.read_text())["sha256"] for m in manifests}
    db_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    said: list[str] = []
    verifier = VerifierThread(pg_url, store.state_dir, say=said.append, every_s=0.3)
    verifier.start()
    first = _desk_process(db_url, pg_url, recordings, store)
    second = None
    try:
        arrived = lambda: len(files(store.dirs["incoming"])) + len(files(store.dirs["store"]))  # noqa: E731
        _wait(lambda: arrived() >= 6, 60, "the first uploads")
        store.stop()  # the center's store goes away while the desk is sending
        os.kill(first.pid, signal.SIGKILL)  # and the desk dies
        first.wait(10)
        assert arrived() < len(manifests)  # it really was mid-run
        second = _desk_process(db_url, pg_url, recordings, store)
        time.sleep(1.5)  # the restarted desk finds the store down: its uploads wait
        local = engine_for(db_url)
        with Session(local) as s:
            assert s.scalar(select(func.count()).select_from(RecordingUploadRow)
                            .where(RecordingUploadRow.last_error != "")) >= 1
        store.start()  # same port: the desk's configured address
        _wait(lambda: states(central) == {"verified": len(manifests)} and not files(recordings), 120,
              "every recording verified and the desk's copies deleted")
        stored = files(store.dirs["store"])
        assert len(stored) == len(manifests) and {sha(p) for p in stored} == expected  # once each, intact
        assert not files(store.dirs["incoming"]) and not files(store.dirs["quarantine"])
        with Session(central) as s:
            assert s.scalar(select(func.count(func.distinct(RecordingRow.interaction_id)))) == len(manifests)
            assert s.scalar(select(func.count()).select_from(RecordingRow)) == len(manifests)
        assert states(local) == {"verified": len(manifests)}
        local.dispose()
        assert not [line for line in said if line.startswith("ALARM")]
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(10)
        verifier.stop()
        central.dispose()


@pytest.fixture
def tiny(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs as the full disk")
    made: list[Path] = []

    def mount(name: str, size: str) -> Path:
        path = tmp_path / name
        path.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
        made.append(path)
        return path

    yield mount
    for path in made:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(directory: Path) -> Path:
    junk = directory / "junk.bin"
    with junk.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    return junk


def test_a_full_disk_at_the_center_keeps_uploads_queued_until_there_is_room(tmp_path, tiny, pg_url):
    upgrade(pg_url)
    central = engine_for(pg_url)
    state = tiny("center", "512k")
    store = RecordingStore(tmp_path / "run", state, uploaders=[DESK])
    store.start()
    local_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    upgrade(local_url)
    local = engine_for(local_url)
    try:
        for i in range(3):
            make_recording(tmp_path / "recordings", seconds=6.0, n=i)
        junk = _fill(state / "recordings")
        up = Uploader(local, tmp_path / "recordings", store.base_url, desk=DESK, key=key_for(store), origin="d",
                      max_backoff_s=0.5)
        report = up.run_once()
        assert report.queued == 3 and report.failed == 3 and report.sent == 0
        assert states(local) == {"pending": 3}
        junk.unlink()
        _wait(lambda: up.run_once().sent >= 0 and states(local) == {"uploaded": 3}, 30, "the uploads after room")
        sync_once(local, central)
        assert verify_uploads(central, state).verified == 3
    finally:
        store.stop()
        local.dispose()
        central.dispose()


def test_a_full_disk_on_the_desk_leaves_finished_recordings_in_the_spool_until_they_can_be_queued(
        tmp_path, tiny, store):
    disk = tiny("desk", "4m")  # room for the working copy at head and three recordings; then filled
    local_url = f"sqlite:///{disk / 'desk.sqlite3'}"
    upgrade(local_url)
    local = engine_for(local_url)
    try:
        recordings = disk / "recordings"
        recordings.mkdir()
        up = Uploader(local, recordings, store.base_url, desk=DESK, key=key_for(store), origin="d")
        assert up.run_once().queued == 0  # the desk is running: its database is open
        manifests = [make_recording(recordings, seconds=4.0, n=i) for i in range(3)]
        junk = _fill(disk)
        report = up.run_once()
        assert report.queued < 3 and report.errors  # the database could not take them all
        assert all(m.exists() for m in manifests)  # nothing dropped: the files wait in the spool
        junk.unlink()
        report = up.run_once()
        with Session(local) as s:
            assert s.scalar(select(func.count()).select_from(RecordingRow)) == 3
        assert states(local) == {"uploaded": 3}
    finally:
        local.dispose()
