"""The player (pytest-qt, offscreen) on a real Ogg/Opus file streamed from nginx by a signed URL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from desktop.app.waveform import fetch_peaks
from desktop.ui.player import PlayerPane
from telephony.center.playback import PlaybackIssuer
from telephony.center.recsign import sign_play_url
from tests.recordings.conftest import SECONDS, STORE_PATH
from tests.recordings.people import add_recording

pytestmark = [pytest.mark.desk, pytest.mark.usefixtures("media_deadline")]


@pytest.fixture
def pane(qtbot):
    widget = PlayerPane()
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    yield widget
    widget.stop()


def test_position_advances_and_duration_is_right_on_a_file_from_nginx(center, store, pane, qtbot):
    engine, people = center
    rid = add_recording(engine, agent="1001", store_path=STORE_PATH)
    grant = PlaybackIssuer(engine, store.base_url, store.secret).issue(people["qa-li"], rid)
    pane.open(grant.url, "1001 13700000001")
    qtbot.waitUntil(lambda: pane.media.duration() > 0, timeout=15000)
    assert abs(pane.media.duration() - SECONDS * 1000) < 100
    pane.set_peaks(fetch_peaks(grant.url, buckets=200).values)
    pane.set_speed(2.0)
    qtbot.waitUntil(lambda: pane.media.playbackRate() == 2.0, timeout=5000)  # queued: see desktop.ui.player
    qtbot.keyClick(pane, Qt.Key.Key_Space)  # play
    qtbot.waitUntil(lambda: pane.media.position() > 1500, timeout=15000)
    assert pane.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState
    assert pane.slider.maximum() == pane.media.duration() and pane.waveform.position_ms > 0
    qtbot.keyClick(pane, Qt.Key.Key_Space)  # pause
    qtbot.waitUntil(lambda: pane.media.playbackState() == QMediaPlayer.PlaybackState.PausedState, timeout=5000)
    before = pane.media.position()
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: pane.media.position() >= before + 4900, timeout=5000)
    qtbot.keyClick(pane, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: abs(pane.media.position() - before) < 200, timeout=5000)
    qtbot.keyClick(pane, Qt.Key.Key_BracketLeft)
    qtbot.waitUntil(lambda: pane.media.playbackRate() == 1.5, timeout=5000)
    with qtbot.waitSignal(pane.mark_wanted) as sig:
        pane.note.setText("未核实身份")
        pane.mark_button.click()
    assert sig.args[0] == pane.media.position() and sig.args[1] == "未核实身份"
    pane.set_marks([(sig.args[0], sig.args[1])])
    assert pane.marks.count() == 1 and pane.waveform.marks == [sig.args[0]]


@pytest.mark.parametrize("case", ["forged", "down"])
def test_the_player_says_it_cannot_open_a_refused_or_dead_url(center, store, pane, qtbot, case):
    url = sign_play_url(store.base_url, STORE_PATH, "forged" if case == "forged" else store.secret, 60)
    if case == "down":
        store.stop()
    pane.open(url)
    pane.play()
    qtbot.waitUntil(lambda: pane.error_code != "", timeout=15000)
    # FFmpeg says "Could not open file" for both; the app's probe tells them apart (test_browser_qt)
    assert pane.error_code == "unavailable"
    assert pane.status.text() != ""
