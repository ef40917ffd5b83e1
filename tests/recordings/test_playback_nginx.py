"""Playback through the real recording store (nginx) and the real PostgreSQL: grants, denials, audit."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from desktop.app.waveform import FetchError, fetch_bytes, fetch_peaks
from hotline.recording_access import AccessDenied, RecordingUnavailable
from storage.tables import AuditRow
from telephony.center.play_denials import ingest_denied
from telephony.center.playback import PlaybackIssuer
from telephony.center.recsign import sign_play_url
from tests.recordings.conftest import SECONDS, STORE_PATH
from tests.recordings.people import add_recording


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _logged(store, lines: int) -> None:
    """Wait (bounded) until nginx wrote ``lines`` denied lines: its log phase runs after the response."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if store.denied_log.exists() and store.denied_log.read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.02)
    raise AssertionError(f"nginx did not log {lines} denied requests")


def _audit(engine, **where) -> list[AuditRow]:
    with engine.connect() as conn:
        stmt = select(AuditRow).order_by(AuditRow.at)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditRow, key) == value)
        return list(conn.execute(stmt))


def test_a_granted_url_plays_and_the_grant_is_audited_first(center, store):
    engine, people = center
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    issuer = PlaybackIssuer(engine, store.base_url, store.secret, ttl_s=60)
    for who in ("qa-li", "lead-a", "agent1001"):
        grant = issuer.issue(people[who], rid, "play")
        assert _status(grant.url) == 200
        [row] = [r for r in _audit(engine, subject_id=rid) if r.id == grant.audit_id]
        assert (row.actor, row.action, row.subject_kind) == (who, "play-recording", "recording")
    download = issuer.issue(people["qa-li"], rid, "download")
    assert [r.action for r in _audit(engine, id=download.audit_id)] == ["download-recording"]
    peaks = fetch_peaks(download.url, buckets=100)
    assert abs(peaks.duration_s - SECONDS) < 0.1
    assert max(peaks.values[:45]) == 1.0 and max(peaks.values[55:]) < 0.5  # loud half, quiet half


@pytest.mark.parametrize("who,code", [("agent1002", "other-agent"), ("unit-zhao", "role")])
def test_denied_viewers_get_no_url_and_are_audited(center, store, who, code):
    engine, people = center
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    issuer = PlaybackIssuer(engine, store.base_url, store.secret)
    with pytest.raises(AccessDenied) as err:
        issuer.issue(people[who], rid)
    assert err.value.code == code
    [row] = _audit(engine, subject_id=rid)
    assert (row.actor, row.action, row.detail["code"]) == (who, "play-refused", code)


def test_a_team_lead_outside_the_group_is_refused(center, store):
    engine, people = center
    rid = add_recording(engine, agent="1002", store_path="1002/x.ogg")
    with pytest.raises(AccessDenied) as err:
        PlaybackIssuer(engine, store.base_url, store.secret).issue(people["lead-a"], rid)
    assert err.value.code == "other-group"


@pytest.mark.parametrize("state,code", [("quarantined", "quarantined"), ("uploaded", "not-verified"),
                                        (None, "unknown")])
def test_unknown_quarantined_or_unverified_is_never_served(center, store, state, code):
    engine, people = center
    rid = add_recording(engine, store_path=STORE_PATH, state=state) if state else "01a00000-0000-7000-8000-000000000000"
    with pytest.raises(RecordingUnavailable) as err:
        PlaybackIssuer(engine, store.base_url, store.secret).issue(people["qa-li"], rid)
    assert err.value.code == code
    assert [r.detail["code"] for r in _audit(engine, subject_id=rid)] == [code]


def test_forged_swapped_and_expired_urls_are_refused_and_audited(center, store):
    engine, people = center
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    other = add_recording(engine, agent="1002", store_path="1002/20261207/call-b.ogg")
    grant = PlaybackIssuer(engine, store.base_url, store.secret).issue(people["agent1001"], rid)
    forged = sign_play_url(store.base_url, STORE_PATH, "not-the-secret", 60)
    swapped = grant.url.replace(STORE_PATH, "1002/20261207/call-b.ogg")  # own signature, another agent's file
    expired = sign_play_url(store.base_url, STORE_PATH, store.secret, 1, now=time.time() - 120)
    assert [_status(u) for u in (forged, swapped, expired)] == [403, 403, 410]
    with pytest.raises(FetchError) as err:
        fetch_bytes(expired)
    assert err.value.code == "expired"
    _logged(store, 4)
    offset = ingest_denied(engine, store.denied_log)
    assert offset == store.denied_log.stat().st_size
    rows = _audit(engine, action="play-forbidden")
    assert sorted((r.subject_id, r.detail["reason"]) for r in rows) == sorted(
        [(rid, "forged"), (other, "forged"), (rid, "expired"), (rid, "expired")])  # the fetch was one more
    assert all(r.actor.startswith("nginx:127.0.0.1") for r in rows)
    assert ingest_denied(engine, store.denied_log, 0) == offset  # read again: nothing twice
    assert len(_audit(engine, action="play-forbidden")) == 4


def test_nginx_down_is_store_down(center, store):
    engine, people = center
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    grant = PlaybackIssuer(engine, store.base_url, store.secret).issue(people["qa-li"], rid)
    store.stop()
    with pytest.raises(FetchError) as err:
        fetch_bytes(grant.url, timeout=3)
    assert err.value.code == "store-down"


def test_the_grant_service_signs_in_and_says_why_it_refuses(center, store):
    from desktop.app.grants import GrantClient, GrantRefused
    from telephony.center.play_http import GrantServer
    from tests.recordings.people import PASSWORD

    engine, _people = center
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    server = GrantServer(engine, PlaybackIssuer(engine, store.base_url, store.secret))
    server.start()
    try:
        assert _status(GrantClient(server.url, "agent1001", PASSWORD).grant(rid)) == 200
        cases = [("agent1001", "wrong-password", rid, "sign-in"), ("agent1002", PASSWORD, rid, "other-agent"),
                 ("unit-zhao", PASSWORD, rid, "role"), ("qa-li", PASSWORD, "no-such-id", "unknown")]
        for login, password, recording, code in cases:
            with pytest.raises(GrantRefused) as err:
                GrantClient(server.url, login, password).grant(recording)
            assert err.value.code == code, login
        url = server.url
    finally:
        server.stop()
    with pytest.raises(GrantRefused) as err:
        GrantClient(url, "qa-li", PASSWORD, timeout=3).grant(rid)
    assert err.value.code == "center-down"


def test_the_center_service_ingests_denials_once_and_keeps_them_while_the_database_is_away(center, store, tmp_path):
    import psycopg

    from telephony.center.playback_service import PlaybackService

    engine, _people = center
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    url = engine.url.render_as_string(hide_password=False)
    service = PlaybackService(url, store, tmp_path, every_s=0)
    service.start()
    try:
        assert _status(sign_play_url(store.base_url, STORE_PATH, "forged", 60)) == 403
        _logged(store, 1)
        offset = service.tick()
        assert offset > 0 and [r.subject_id for r in _audit(engine, action="play-forbidden")] == [rid]
    finally:
        service.stop()
    again = PlaybackService(url, store, tmp_path, every_s=0)  # a restarted center resumes at the offset
    assert again.tick() == offset and len(_audit(engine, action="play-forbidden")) == 1
    assert _status(sign_play_url(store.base_url, STORE_PATH, store.secret, 1, now=time.time() - 60)) == 410
    _logged(store, 2)
    engine.dispose()
    again.engine.dispose()
    name = engine.url.database
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        conn.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    try:
        assert again.tick() == offset  # the database refuses: the line waits in the log
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
    assert again.tick() > offset
    assert sorted(r.detail["reason"] for r in _audit(engine, action="play-forbidden")) == ["expired", "forged"]
    again.engine.dispose()
