"""The desk's background jobs upload its finished recordings to the center's nginx store (real nginx, SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app.settings import DeskSettings, SettingsError
from telephony.center.recstore_nginx import RecordingStore, upload_key
from tests.telephony.center.recstore.support import make_recording, states

pytestmark = pytest.mark.desk


def test_the_desk_jobs_upload_a_finished_recording_from_the_agents_directory(make_desk, qtbot, tmp_path):
    store = RecordingStore(tmp_path / "center" / "recstore", tmp_path / "center", uploaders=["1001"])
    store.start()
    try:
        recordings = tmp_path / "rec"
        settings = DeskSettings(profile="liangshan", seat="007", recording_dir=str(recordings),
                                recording_store=store.base_url, recording_upload_key=upload_key(store.secret, "1001"))
        make_recording(recordings / "1001")  # what the softphone left in the agent's recording directory
        root = make_desk(settings=settings)
        failures: list[tuple[str, str]] = []
        root.jobs.job_failed.connect(lambda job, msg: failures.append((job, msg)))
        root.jobs.scheduler.get_job("recording-upload").modify(next_run_time=__import__("datetime").datetime.now())
        qtbot.waitUntil(lambda: states(root.engine) == {"uploaded": 1}, timeout=15000)
        assert len([p for p in Path(store.dirs["incoming"]).rglob("*") if p.is_file()]) == 1
        assert not failures
    finally:
        store.stop()


def test_a_store_address_or_key_that_cannot_work_is_refused_by_name():
    with pytest.raises(SettingsError) as bad_url:
        DeskSettings(recording_store="ftp://x", recording_upload_key="0" * 32).validate()
    assert bad_url.value.field == "recording_store"
    with pytest.raises(SettingsError) as bad_key:
        DeskSettings(recording_store="http://127.0.0.1:8090", recording_upload_key="short").validate()
    assert bad_key.value.field == "recording_upload_key"
