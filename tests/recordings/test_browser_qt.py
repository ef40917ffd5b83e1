"""The recordings browser end to end (pytest-qt offscreen): real PostgreSQL, the center's grant service,
real nginx; search, open and stream, waveform off the GUI thread, marks and QA sheets stored, denials."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.app.grants import GrantClient
from desktop.app.recording_service import RecordingService
from desktop.app.recordings import RecordingsController
from desktop.app.worker import DbWorker
from desktop.ui.recordingspane import RecordingsPane
from hotline.recording_access import AccessDenied
from hotline.timezone import now
from storage.qa_tables import QaScoreRow, RecordingMarkRow
from storage.tables import AuditRow
from telephony.center.play_http import GrantServer
from telephony.center.playback import PlaybackIssuer
from tests.recordings.conftest import SECONDS, STORE_PATH, write_call
from tests.recordings.people import PASSWORD, add_recording

pytestmark = [pytest.mark.desk, pytest.mark.usefixtures("media_deadline")]


@pytest.fixture
def grants(center, store):
    engine, _people = center
    server = GrantServer(engine, PlaybackIssuer(engine, store.base_url, store.secret, ttl_s=120))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def desk(center, grants, qtbot):
    """Build the browser for a login: (pane, controller); workers stopped afterwards."""
    engine, people = center
    made = []

    def build(login: str):
        service = RecordingService(engine, people[login], GrantClient(grants.url, login, PASSWORD).grant)
        pane = RecordingsPane(page_size=2)
        qtbot.addWidget(pane)
        pane.resize(1200, 800)
        pane.show()
        worker, media = DbWorker(), DbWorker("desk-media")
        controller = RecordingsController(worker, media, service, pane)
        made.append((pane, worker, media))
        return pane, controller

    yield build
    for pane, worker, media in made:
        pane.player.stop()
        worker.stop()
        media.stop()


def _fill(engine, store):
    start = now() - timedelta(hours=2)
    a = add_recording(engine, agent="1001", store_path=STORE_PATH, started_at=start, caller="13700000001")
    write_call(store.dirs["store"] / "1002/20261207/b.ogg", 6.0)
    b = add_recording(engine, agent="1002", store_path="1002/20261207/b.ogg", started_at=start + timedelta(minutes=5),
                      caller="13900000002", duration_s=6.0)
    c = add_recording(engine, agent="1001", store_path="1001/20261207/c.ogg", state="quarantined", caller="13500000003",
                      started_at=start + timedelta(minutes=9))
    return a, b, c


def _rows(pane):
    return [pane.model.line(i).id for i in range(pane.model.rowCount())]


def test_supervisor_searches_plays_marks_scores_and_downloads(center, store, desk, qtbot, tmp_path):
    engine, _people = center
    a, b, c = _fill(engine, store)
    pane, controller = desk("qa-li")
    controller.start()
    qtbot.waitUntil(lambda: len(_rows(pane)) == 2, timeout=30000)  # one page of two
    pane.model.fetchMore(pane.model.index(0, 0).parent())
    qtbot.waitUntil(lambda: _rows(pane) == [c, b, a], timeout=30000)
    pane.agent.setText("1002")
    pane.search()
    qtbot.waitUntil(lambda: _rows(pane) == [b], timeout=30000)
    pane.agent.setText("")
    pane.caller.setText("13700000001")
    pane.search()
    qtbot.waitUntil(lambda: _rows(pane) == [a], timeout=30000)
    pane.table.setCurrentIndex(pane.model.index(0, 0))
    pane.table.activated.emit(pane.model.index(0, 0))
    player = pane.player
    qtbot.waitUntil(lambda: player.media.duration() > 0 and len(player.waveform.peaks) > 0, timeout=15000)
    assert abs(player.media.duration() - SECONDS * 1000) < 100
    player.toggle()
    qtbot.waitUntil(lambda: player.media.position() > 500, timeout=15000)
    player.toggle()
    player.note.setText("开场未报工号")
    qtbot.keyClick(player.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: player.marks.count() == 1, timeout=30000)
    pane.qa.boxes["accuracy"].setValue(5)
    assert "85.0" in pane.qa.total.text()
    pane.qa.submit.click()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1 and pane.model.line(0).score == 85.0, timeout=30000)
    with engine.connect() as conn:
        [mark] = conn.execute(select(RecordingMarkRow)).all()
        [sheet] = conn.execute(select(QaScoreRow)).all()
        audit = conn.execute(select(AuditRow.actor, AuditRow.action).where(AuditRow.subject_id == a)).all()
    assert (mark.recording_id, mark.note, mark.author) == (a, "开场未报工号", "qa-li") and mark.at_ms > 0
    assert (sheet.recording_id, sheet.scorer, sheet.total, sheet.agent) == (a, "qa-li", 85.0, "1001")
    assert ("qa-li", "play-recording") in audit
    target = tmp_path / "saved.ogg"
    with qtbot.waitSignal(controller.notice, timeout=15000):
        player.download_wanted.emit(str(target))
    assert target.read_bytes() == (store.dirs["store"] / STORE_PATH).read_bytes()
    with engine.connect() as conn:
        downloads = conn.execute(select(AuditRow.actor).where(AuditRow.subject_id == a,
                                                              AuditRow.action == "download-recording")).all()
    assert [r.actor for r in downloads] == ["qa-li"]


def test_an_agent_sees_only_their_own_and_cannot_open_or_score_another(center, store, desk, qtbot):
    engine, _people = center
    a, b, c = _fill(engine, store)
    pane, controller = desk("agent1002")
    controller.start()
    qtbot.waitUntil(lambda: _rows(pane) == [b], timeout=30000)
    controller.open(a)  # another agent's recording, asked for by id
    qtbot.waitUntil(lambda: pane.player.error_code == "forbidden", timeout=30000)
    controller.open(b)
    qtbot.waitUntil(lambda: pane.player.media.duration() > 0, timeout=15000)
    assert not pane.qa.isEnabled()  # an agent never scores, not even their own calls
    with pytest.raises(AccessDenied) as err:
        controller.service.score(b, {"greeting": 5}, "")
    assert err.value.code == "not-a-reviewer"
    with engine.connect() as conn:
        refused = conn.execute(select(AuditRow.detail).where(AuditRow.subject_id == a,
                                                             AuditRow.action == "play-refused")).all()
        assert conn.execute(select(QaScoreRow)).all() == []
    assert [r.detail["code"] for r in refused] == ["other-agent"]


def test_unit_user_is_refused_and_store_faults_are_shown(center, store, desk, qtbot):
    engine, _people = center
    a, b, c = _fill(engine, store)
    unit_pane, unit = desk("unit-zhao")
    unit.start()
    qtbot.waitUntil(lambda: unit_pane.model.error != "", timeout=30000)
    assert unit_pane.model.rowCount() == 0
    pane, controller = desk("qa-li")
    controller.open(c)
    qtbot.waitUntil(lambda: pane.player.error_code == "quarantined", timeout=30000)
    store.stop()
    controller.open(a)
    qtbot.waitUntil(lambda: pane.player.error_code == "store-down", timeout=20000)
    qtbot.wait(1500)  # the media's own error and the probe both land: the reason stays
    assert pane.player.error_code == "store-down"


def test_a_score_and_a_mark_made_while_the_center_database_is_away_are_kept_then_sent(
        center, store, grants, qtbot, tmp_path, pg_url):
    from sqlalchemy.engine import make_url

    from desktop.app.qa_outbox import QaOutbox
    from storage.db import engine_for
    from tests.storage.tcp_proxy import TcpProxy

    engine, people = center
    a, _b, _c = _fill(engine, store)
    url = make_url(pg_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = engine_for(url.set(port=proxy.port).render_as_string(hide_password=False))
    service = RecordingService(through, people["qa-li"], GrantClient(grants.url, "qa-li", PASSWORD).grant,
                               outbox=QaOutbox(tmp_path / "outbox"))
    pane = RecordingsPane(page_size=10)
    qtbot.addWidget(pane)
    pane.show()
    worker, media = DbWorker(), DbWorker("desk-media")
    controller = RecordingsController(worker, media, service, pane)
    notices: list[str] = []
    controller.notice.connect(notices.append)
    try:
        controller.start()
        qtbot.waitUntil(lambda: a in _rows(pane), timeout=30000)
        controller.open(a)
        qtbot.waitUntil(lambda: pane.player.media.duration() > 0, timeout=15000)
        proxy.cut()  # the desk's link to the center's database goes
        pane.player.note.setText("开场未报工号")
        qtbot.keyClick(pane.player.note, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: pane.player.marks.count() == 1 and len(notices) == 1, timeout=30000)
        assert "暂存" in notices[0]
        pane.qa.boxes["accuracy"].setValue(5)
        pane.qa.submit.click()
        qtbot.waitUntil(lambda: "暂存" in pane.qa.saved.text(), timeout=30000)
        assert "85" in pane.qa.saved.text()
        with engine.connect() as conn:
            assert conn.execute(select(QaScoreRow)).all() == [] and conn.execute(select(RecordingMarkRow)).all() == []
        proxy.restore()
        controller.flush_outbox()  # what the desk's qa-outbox job runs every 10 s
        qtbot.waitUntil(lambda: len(notices) == 2, timeout=10000)
        assert "2" in notices[1]
        with engine.connect() as conn:
            [sheet] = conn.execute(select(QaScoreRow)).all()
            [mark] = conn.execute(select(RecordingMarkRow)).all()
        assert (sheet.recording_id, sheet.total, mark.note) == (a, 85.0, "开场未报工号")
    finally:
        pane.player.stop()
        worker.stop()
        media.stop()
        proxy.cut()
        through.dispose()
