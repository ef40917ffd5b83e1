"""The desk built by its composition root for a supervisor and an agent: the recordings pane is wired to
the center's database and grant service (real PostgreSQL, nginx, the grant service), or says why not."""

from __future__ import annotations

import pytest

from hotline.accounts import PANES, Role

pytestmark = pytest.mark.desk


@pytest.fixture
def rec_center(pg_url, tmp_path):
    """(central URL, grant service URL, a recording of 1001) on a fresh PostgreSQL database and nginx."""
    from storage.db import engine_for, upgrade
    from telephony.center.play_http import GrantServer
    from telephony.center.playback import PlaybackIssuer
    from telephony.center.recstore_nginx import RecordingStore
    from tests.recordings.conftest import STORE_PATH, write_call
    from tests.recordings.people import add_recording, seed_people

    upgrade(pg_url)
    engine = engine_for(pg_url)
    seed_people(engine)
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    add_recording(engine, agent="1002", store_path="1002/x.ogg")
    store = RecordingStore(tmp_path / "run", tmp_path / "state", uploaders=["1001"])
    write_call(store.dirs["store"] / STORE_PATH)
    store.start()
    grants = GrantServer(engine, PlaybackIssuer(engine, store.base_url, store.secret))
    grants.start()
    yield pg_url, grants.url, rid
    grants.stop()
    store.stop()
    engine.dispose()


def test_the_supervisors_desk_lists_and_plays_from_the_center(make_desk, rec_center, qtbot):
    from desktop.app.root import DeskUser
    from desktop.app.settings import DeskSettings
    from tests.recordings.people import PASSWORD

    central, grant_url, rid = rec_center
    user = DeskUser("qa-li", "李质检", "supervisor", "", "质检/管理", PANES[Role.SUPERVISOR])
    root = make_desk(settings=DeskSettings(profile="liangshan", seat="007", central_db=central,
                                           playback_url=grant_url), user=user, password=PASSWORD,
                     phone=True)  # asked to start its phone: a desk without an extension starts none
    pane = root.window.recordings
    assert pane is not None and root.window.ticket is None
    from PySide6.QtWidgets import QToolBar

    assert root.window.findChild(QToolBar, "phoneToolBar").isHidden()  # no extension, no phone bar
    assert root.phone.engine is None  # and no softphone started
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2 or pane.model.error != "", timeout=30000)
    assert pane.model.error == "" and pane.model.rowCount() == 2
    root.recordings.open(rid)
    qtbot.waitUntil(lambda: pane.player.media.duration() > 0, timeout=15000)
    assert pane.qa.isEnabled()


def test_an_agent_desk_has_its_own_recordings_tab_and_without_settings_says_so(make_desk):
    from desktop.app.root import DeskUser

    user = DeskUser("1001", "张三", "agent", "1001", "话务员", PANES[Role.AGENT])
    root = make_desk(user=user)  # no central database, no playback service
    pane = root.window.recordings
    assert pane is not None and root.recordings is None
    assert root.window.center.indexOf(pane) >= 0
    assert pane.notice.text() != ""
