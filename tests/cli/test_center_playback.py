"""The whole way with ``hotline center start``: a desk uploads a real Opus recording, the center verifies
it, a supervisor gets a grant from the center's playback service (its URL in the center's state), the
file streams from nginx and decodes to the right length; a forged link is refused by nginx and the
center's loop brings that attempt into the audit. Real nginx, real PostgreSQL, real processes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.app.grants import GrantClient, GrantRefused
from desktop.app.recupload import Uploader
from desktop.app.waveform import FetchError, fetch_peaks
from hotline.accounts import Role
from storage.db import engine_for, upgrade
from storage.recording_tables import RecordingRow
from storage.sync import sync_once
from storage.tables import AuditRow
from storage.uow import UnitOfWork
from telephony.center.recsign import sign_play_url
from telephony.lab.kamailio import free_udp_port
from tests.cli.test_center_recstore import _hotline, _state, _wait
from tests.telephony.center.recstore.support import DESK, make_recording, states

PASSWORD = "Qa-回放-2026x"


def test_upload_verify_grant_stream_and_a_forged_link_audited(tmp_path, pg_url):
    home = tmp_path / "home"
    upgrade(pg_url)
    central = engine_for(pg_url)
    with UnitOfWork(central, origin="admin", role="center") as uow:
        uow.accounts.create("qa-li", PASSWORD, Role.SUPERVISOR)
        uow.commit()
    done = _hotline(home, "center", "start", "--db", pg_url, "--port", str(free_udp_port()), "--no-music",
                    "--max-seconds", "120")
    assert done.returncode == 0, done.stderr
    try:
        state = _state(home)
        store_url, grants = state["store_url"], state["playback_url"]
        assert store_url and grants.startswith("http://127.0.0.1:")
        key = _hotline(home, "center", "upload-key", DESK).stdout.strip()
        desk_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        upgrade(desk_url)
        desk = engine_for(desk_url)
        make_recording(tmp_path / "recordings", seconds=6.0)
        uploader = Uploader(desk, tmp_path / "recordings", store_url, desk=DESK, key=key, origin="desk-1001")
        assert uploader.run_once().sent == 1
        sync_once(desk, central)
        _wait(lambda: states(central) == {"verified": 1}, 20, "the center's verifier")
        with central.connect() as conn:
            rid, path = conn.execute(select(RecordingRow.id, RecordingRow.store_path)).one()
        url = GrantClient(grants, "qa-li", PASSWORD).grant(rid)
        peaks = fetch_peaks(url, buckets=50)
        assert abs(peaks.duration_s - 6.0) < 0.1
        with pytest.raises(GrantRefused) as refused:
            GrantClient(grants, "qa-li", "wrong").grant(rid)
        assert refused.value.code == "sign-in"
        with pytest.raises(FetchError) as forged:
            fetch_peaks(sign_play_url(store_url, path, "not-the-secret", 60))
        assert forged.value.code == "forbidden"

        def audited() -> list[tuple[str, str]]:
            with central.connect() as conn:
                return [tuple(r) for r in conn.execute(select(AuditRow.action, AuditRow.actor)
                                                       .where(AuditRow.subject_id == rid))]

        _wait(lambda: any(a == "play-forbidden" for a, _ in audited()), 20, "the forged attempt in the audit")
        assert ("play-recording", "qa-li") in audited()
        desk.dispose()
    finally:
        assert _hotline(home, "center", "stop").returncode == 0
        central.dispose()
