"""Desk → nginx → verify → sync → local delete, on real nginx, a real central PostgreSQL and a SQLite desk."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.app.recupload import Uploader, UploadError
from storage.recording_tables import RecordingRow, RecordingUploadRow
from storage.recordings import recordings_with_cdr
from storage.sync import sync_once
from storage.tables import AuditRow
from telephony.center.recsign import sign_play_url
from telephony.center.recverify import verify_uploads
from tests.telephony.center.recstore.support import DESK, files, key_for, make_recording, sha, states


def _uploader(desk_db, tmp_path, store, **kw):
    return Uploader(desk_db, tmp_path / "recordings", store.base_url, desk=DESK, key=key_for(store),
                    origin="desk-1001", **kw)


def test_upload_verify_sync_then_the_desk_deletes_its_copy(tmp_path, store, central, desk_db):
    manifests = [make_recording(tmp_path / "recordings", n=i) for i in range(3)]
    audio = {json.loads(m.read_text())["sha256"]: m.with_name(json.loads(m.read_text())["file"]) for m in manifests}
    up = _uploader(desk_db, tmp_path, store)
    report = up.run_once()
    assert (report.queued, report.sent, report.failed, report.deleted) == (3, 3, 0, 0)
    assert states(desk_db) == {"uploaded": 3}
    assert all(p.exists() for p in audio.values())  # kept until the center's mark comes back
    sync_once(desk_db, central)
    assert states(central) == {"uploaded": 3}
    checked = verify_uploads(central, store.state_dir)
    assert (checked.verified, checked.quarantined) == (3, 0)
    stored = files(store.dirs["store"])
    assert len(stored) == 3 and not files(store.dirs["incoming"])
    assert {sha(p) for p in stored} == set(audio)
    assert up.run_once().deleted == 0  # the mark has not come back yet
    sync_once(desk_db, central)
    assert states(desk_db) == {"verified": 3}
    assert up.run_once().deleted == 3
    assert not files(tmp_path / "recordings")
    with Session(desk_db) as s:
        assert all(u.deleted_at is not None for u in s.scalars(select(RecordingUploadRow)))
    # the stored file plays back by a signed URL, byte for byte
    with Session(central) as s:
        row = s.scalars(select(RecordingRow)).first()
    with urllib.request.urlopen(sign_play_url(store.base_url, row.store_path, store.secret, 60)) as resp:
        body = resp.read()
    assert __import__("hashlib").sha256(body).hexdigest() == row.sha256


def test_a_file_whose_hash_does_not_match_is_quarantined_never_served_and_kept_on_the_desk(
        tmp_path, store, central, desk_db):
    manifest = make_recording(tmp_path / "recordings")
    local = manifest.with_name(json.loads(manifest.read_text())["file"])
    up = _uploader(desk_db, tmp_path, store)
    up.scan(up_report := __import__("desktop.app.recupload", fromlist=["UploadReport"]).UploadReport())
    assert up_report.queued == 1
    data = bytearray(local.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the bytes change after the manifest's hash was taken (same size)
    local.write_bytes(bytes(data))
    assert up.run_once().sent == 1
    sync_once(desk_db, central)
    checked = verify_uploads(central, store.state_dir)
    assert (checked.verified, checked.quarantined) == (0, 1) and len(checked.alarms) == 1
    assert states(central) == {"quarantined": 1}
    assert not files(store.dirs["store"]) and len(files(store.dirs["quarantine"])) == 1
    with Session(central) as s:
        row = s.scalars(select(RecordingRow)).one()
        assert "sha256" in row.problem
        audit = s.scalars(select(AuditRow).where(AuditRow.action == "quarantine-recording")).one()
        assert audit.subject_id == row.id
    try:
        urllib.request.urlopen(sign_play_url(store.base_url, row.store_path, store.secret, 60))
        raise AssertionError("a quarantined recording was served")
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
    sync_once(desk_db, central)
    report = up.run_once()
    assert report.deleted == 0 and report.quarantined == [row.store_path]
    assert local.exists()


def test_nginx_down_uploads_wait_with_backoff_and_resume_when_it_is_back(tmp_path, store, central, desk_db):
    for i in range(2):
        make_recording(tmp_path / "recordings", n=i)
    up = _uploader(desk_db, tmp_path, store, max_backoff_s=1.0)
    store.stop()
    report = up.run_once()
    assert (report.queued, report.sent, report.failed) == (2, 0, 2)
    with Session(desk_db) as s:
        queued = list(s.scalars(select(RecordingUploadRow)))
    assert all(q.attempts == 1 and q.last_error and q.sent_at is None for q in queued)
    assert states(desk_db) == {"pending": 2}
    assert up.run_once().waiting == 2  # backing off: not tried again at once
    store.start()
    deadline = time.monotonic() + 30
    sent = 0
    while sent < 2 and time.monotonic() < deadline:
        sent += up.run_once().sent
        time.sleep(0.2)
    assert sent == 2
    sync_once(desk_db, central)
    assert verify_uploads(central, store.state_dir).verified == 2


def test_a_desk_cannot_upload_under_another_desks_name_or_without_its_key(tmp_path, store):
    manifest = make_recording(tmp_path / "recordings")
    local = manifest.with_name(json.loads(manifest.read_text())["file"])
    other = Uploader(None, tmp_path, store.base_url, desk="1002", key=key_for(store, "1002"), origin="x")  # type: ignore[arg-type]
    try:
        other.put(local, f"{DESK}/20261207/{local.name}")
        raise AssertionError("a foreign upload was stored")
    except UploadError as exc:
        assert exc.status == 403
    wrong = Uploader(None, tmp_path, store.base_url, desk=DESK, key="0" * 32, origin="x")  # type: ignore[arg-type]
    try:
        wrong.put(local, f"{DESK}/20261207/{local.name}")
        raise AssertionError("an upload with a wrong key was stored")
    except UploadError as exc:
        assert exc.status == 401
    assert not files(store.dirs["incoming"])
    deadline = time.monotonic() + 10  # nginx writes its log line after the response: wait for it, bounded
    while store.denied_log.read_text().count("\n") < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    denied = [json.loads(line) for line in store.denied_log.read_text().splitlines()]
    assert [d["status"] for d in denied] == ["403", "401"]


def test_recordings_join_the_cdr_and_tickets_by_call_id(tmp_path, store, central, desk_db):
    from datetime import timedelta

    from hotline.timezone import now
    from storage.center_tables import CallRow
    from storage.ticket_service import TicketService

    manifest = json.loads(make_recording(tmp_path / "recordings").read_text())
    call_id = manifest["legs"][0]["sip_call_id"]
    view = TicketService(desk_db, origin="desk-1001").create(
        "agent-1001", seat="001", profile="liangshan", category="complaint", urgency="normal", channel="phone",
        content="噪音扰民", intake={"caller_phone": "13800000001", "call_id": call_id,
                                  "interaction_id": manifest["interaction_id"]})
    _uploader(desk_db, tmp_path, store).run_once()
    sync_once(desk_db, central)  # the ticket and the recording reach the center the same way
    at = now()
    with Session(central) as s, s.begin():
        s.add(CallRow(call_id=call_id, caller="13800000001", dialled="12345", district="", queue="general",
                      priority=0, queued_at=at - timedelta(seconds=30), offers=1, no_answers=0, agent="1001",
                      outcome="ended", abandoned_while="", overflow_kind="", overflow_target="", overflow_why="",
                      transferred_to="", conferenced=[], note="", updated_at=at, answered_at=at - timedelta(seconds=20),
                      talk_s=20.0))
    with Session(central) as s:
        by_call = recordings_with_cdr(s, call_id=call_id)
        by_ticket = recordings_with_cdr(s, ticket_id=view.id)
        other = recordings_with_cdr(s, call_id="no-such-call")
    assert by_call == by_ticket and len(by_call) == 1 and other == []
    link = by_call[0]
    assert (link.queue, link.agent, link.talk_s, link.ticket_number) == ("general", "1001", 20.0, view.number)
