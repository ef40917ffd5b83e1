"""The ``recording`` sync entity: states only move forward, a desk cannot verify its own file, and a
second row for a file already held does not block the push (desk SQLite, central database on both dialects)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.timezone import CST
from storage.changelog import ChangeRecorder
from storage.recording_tables import RecordingRow
from storage.recordings import RecordingRepository
from storage.sync import pull, push
from tests.storage.sync_helpers import central, desk


@pytest.fixture
def center(db_url):
    eng = central(db_url)
    yield eng
    eng.dispose()


def _manifest(interaction: str, sha: str = "a" * 64) -> dict:
    return {"interaction_id": interaction, "started_at": datetime(2026, 12, 7, 9, tzinfo=CST).isoformat(),
            "duration_s": 61.5, "bytes": 1234, "sha256": sha, "codec": "opus",
            "legs": [{"sip_call_id": f"{interaction}@pbx", "caller_number": "13800000001"}]}


def _queue(engine, interaction: str, **kw) -> str:
    with Session(engine) as s, s.begin():
        return RecordingRepository(s, ChangeRecorder(s, "desk", "desk-1")).add_local(
            _manifest(interaction, **kw), audio_path=Path(f"/r/{interaction}.ogg"), manifest_path=Path("/r/m.json"),
            desk="1001", origin="desk-1")


def _state(engine, rid: str) -> str:
    with Session(engine) as s:
        return s.get(RecordingRow, rid).state


def test_states_move_forward_only_and_the_verified_mark_comes_back(tmp_path, center):
    local = desk(tmp_path, "d1")
    rid = _queue(local, "i-1")
    with Session(local) as s, s.begin():
        RecordingRepository(s, ChangeRecorder(s, "desk", "desk-1")).mark_uploaded(rid)
    push(local, center)
    assert _state(center, rid) == "uploaded"
    with Session(center) as s, s.begin():
        RecordingRepository(s, ChangeRecorder(s, "center", "center")).mark_verified(rid)
    pull(local, center)  # also brings back the desk's own older "pending" and "uploaded" changes
    assert _state(local, rid) == "verified"
    with Session(center) as s:
        row = s.get(RecordingRow, rid)
        assert row.call_ids == ["i-1@pbx"] and row.caller == "13800000001" and row.store_path == "1001/20261207/i-1.ogg"


def test_a_desk_pushing_verified_is_cut_back_to_uploaded(tmp_path, center):
    local = desk(tmp_path, "d1")
    rid = _queue(local, "i-2")
    with Session(local) as s, s.begin():  # a desk that lies about its own file
        row = s.get(RecordingRow, rid)
        row.state = "verified"
        RecordingRepository(s, ChangeRecorder(s, "desk", "desk-1"))._record(row)
    push(local, center)
    assert _state(center, rid) == "uploaded"


def test_a_second_row_for_a_file_held_already_is_not_stored_and_the_push_goes_through(tmp_path, center):
    first, reset = desk(tmp_path, "d1"), desk(tmp_path, "d1-reset")
    rid = _queue(first, "i-3")
    push(first, center)
    again = _queue(reset, "i-3")  # the same manifest queued anew by a desk whose database was lost
    other = _queue(reset, "i-4")
    push(reset, center)
    with Session(center) as s:
        ids = set(s.scalars(select(RecordingRow.id)))
    assert ids == {rid, other} and again not in ids
