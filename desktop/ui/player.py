"""The recording player: QtMultimedia playback of a signed URL, waveform, speed, ±5 s, marks with notes.

    player.open(url, title)          # streams from the center's store
    player.set_peaks(peaks)          # from a worker (desktop.app.waveform)
    player.set_marks([(ms, note), ...]); player.mark_wanted -> (ms, note) for the app to store
    player.show_error(code)          # store-down | forbidden | expired | not-found | http | bad-audio | …

Keys (when the player has focus): Space play/pause, ←/→ −5 s/+5 s, [ and ] speed down/up,
Home back to the start, M (or Enter in the note box) adds a mark at the playhead with the note. ``error_code`` holds the
last error's code; QMediaPlayer's own errors are ``unavailable`` (FFmpeg does not say whether the
store refused or is down), and the app follows with the store's answer (desktop.app.recordings).

Threads: QMediaPlayer's FFmpeg threads need the GIL whenever they touch an object Python made (its
QAudioOutput's virtual methods go through PySide's override check), and QMediaPlayer's own calls
(play, pause, stop, seek, rate, source) can wait for those threads. A direct call from Python holds
the GIL while it waits: a deadlock, seen in full test runs. So the player never reads the player's
signals in Python (it polls on a QTimer) and never calls those methods directly: each is queued
(:meth:`_invoke`) and runs from the event loop, which does not hold the GIL. :meth:`stop` runs the
queue at once (``processEvents``, which releases the GIL), so a closing desk stops playback before
the player is destroyed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Q_ARG, QCoreApplication, QMetaObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tr import tr, tr_noop
from desktop.ui.waveform import WaveformView

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
STEP_MS = 5000
POLL_MS = 50  # the GUI thread reads the player's state this often (20 updates a second)
ERRORS = {
    "store-down": tr_noop("录音服务器无法连接，请稍后再试"),
    "forbidden": tr_noop("无权收听该录音（链接无效）"),
    "expired": tr_noop("播放链接已过期，请重新打开"),
    "not-found": tr_noop("录音文件不存在"),
    "http": tr_noop("录音服务器返回错误"),
    "bad-audio": tr_noop("录音文件无法解码"),
    "quarantined": tr_noop("录音校验不符，已隔离，不能播放"),
    "not-verified": tr_noop("录音尚未通过校验，暂不能播放"),
    "purged": tr_noop("录音已过保存期，已按规定删除"),
    "unavailable": tr_noop("录音无法打开，正在检查原因…"),
    "media": tr_noop("播放出错"),
}


def clock(ms: int) -> str:
    s = max(0, int(ms)) // 1000
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


class PlayerPane(QWidget):
    """See the module docstring."""

    mark_wanted = Signal(int, str)  # (ms, note): the app stores it and calls set_marks
    download_wanted = Signal(str)  # a file path chosen by the user: the app asks the center (audited) and saves
    media_error = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setAccessibleName(tr("录音播放器"))
        self.error_code = ""
        self.audio = QAudioOutput(self)
        self.media = QMediaPlayer(self)
        self.media.setAudioOutput(self.audio)
        self.title = self._label("player_title", "")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.status = self._label("player_status", "")
        self.status.setWordWrap(True)
        self.waveform = WaveformView(self)
        self.play_button = self._button("player_play", tr("播放"), self.toggle)
        self.back_button = self._button("player_back", tr("后退5秒"), lambda: self.skip(-STEP_MS))
        self.forward_button = self._button("player_forward", tr("前进5秒"), lambda: self.skip(STEP_MS))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("player_seek")
        self.slider.setAccessibleName(tr("播放进度"))
        self.slider.sliderMoved.connect(self.seek)
        self.time = self._label("player_time", "00:00 / 00:00")
        self.time.setStyleSheet("font-size: 14px; font-family: monospace;")
        self.speed = QComboBox(self)
        self.speed.setObjectName("player_speed")
        self.speed.setAccessibleName(tr("播放速度"))
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: self._invoke("setPlaybackRate", Q_ARG("qreal", SPEEDS[i])))
        self.note = QLineEdit(self)
        self.note.setObjectName("player_note")
        self.note.setAccessibleName(tr("标记备注"))
        self.note.setPlaceholderText(tr("备注，回车在当前位置加标记（M 键亦可）"))
        self.note.returnPressed.connect(self.add_mark)
        self.mark_button = self._button("player_mark", tr("加标记"), self.add_mark)
        self.download_button = self._button("player_download", tr("下载录音"), self.ask_download)
        self.marks = QListWidget(self)
        self.marks.setObjectName("player_marks")
        self.marks.setAccessibleName(tr("标记列表"))
        self.marks.setMaximumHeight(120)
        self.marks.setStyleSheet("font-size: 13px;")
        self.marks.itemActivated.connect(lambda item: self.seek(int(item.data(Qt.ItemDataRole.UserRole))))
        self._layout()
        self._shortcuts()
        self.waveform.seek_requested.connect(self.seek)
        # No Python slot is connected to QMediaPlayer's signals: the FFmpeg backend can emit them from its
        # renderer threads, which then wait for the GIL while the GUI thread (holding it) waits for them
        # inside a QMediaPlayer call, a deadlock seen once in a full run. The GUI thread polls instead.
        self._seen: tuple[int, int, object, object] = (-1, -1, None, QMediaPlayer.Error.NoError)
        self._poll = QTimer(self)
        self._poll.setObjectName("player_poll")
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._sync)
        self._poll.start()

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setAccessibleName(name)
        return label

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    def _layout(self) -> None:
        controls = QHBoxLayout()
        for w in (self.back_button, self.play_button, self.forward_button):
            controls.addWidget(w)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time)
        controls.addWidget(QLabel(tr("速度"), self))
        controls.addWidget(self.speed)
        controls.addWidget(self.download_button)
        marking = QHBoxLayout()
        marking.addWidget(self.note, 1)
        marking.addWidget(self.mark_button)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.waveform)
        box.addLayout(controls)
        box.addWidget(self.status)
        box.addLayout(marking)
        box.addWidget(self.marks)
        box.addStretch(1)

    def _shortcuts(self) -> None:
        keys = {"Space": self.toggle, "Left": lambda: self.skip(-STEP_MS), "Right": lambda: self.skip(STEP_MS),
                "[": lambda: self.step_speed(-1), "]": lambda: self.step_speed(1), "Home": lambda: self.seek(0),
                "M": self.add_mark}
        for key, slot in keys.items():
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    # -- commands -----------------------------------------------------------------------------------
    def open(self, url: str, title: str = "") -> None:
        """Stream ``url`` (a signed playback URL); the waveform waits for set_peaks."""
        self.error_code = ""
        self.status.setText("")
        self.title.setText(title)
        self.waveform.set_placeholder(tr("正在计算波形…"))
        self._seen = (-1, -1, None, QMediaPlayer.Error.NoError)
        self._invoke("setSource", Q_ARG("QUrl", QUrl(url)))

    def stop(self) -> None:
        """Stop and forget the source now (the queued calls run here, without the GIL)."""
        self._invoke("stop")
        self._invoke("setSource", Q_ARG("QUrl", QUrl()))
        QCoreApplication.processEvents()

    def play(self) -> None:
        self._invoke("play")

    def toggle(self) -> None:
        self._invoke("pause" if self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState else "play")

    def seek(self, ms: int) -> None:
        top = self.media.duration()
        self._invoke("setPosition", Q_ARG("qint64", max(0, min(int(ms), top if top > 0 else int(ms)))))

    def _invoke(self, method: str, *args: Any) -> None:
        """Call QMediaPlayer's slot ``method`` from the event loop (see the module docstring)."""
        QMetaObject.invokeMethod(self.media, method, Qt.ConnectionType.QueuedConnection, *args)

    def skip(self, delta_ms: int) -> None:
        self.seek(self.media.position() + delta_ms)

    def set_speed(self, rate: float) -> None:
        self.speed.setCurrentIndex(min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - rate)))

    def step_speed(self, direction: int) -> None:
        self.speed.setCurrentIndex(max(0, min(len(SPEEDS) - 1, self.speed.currentIndex() + direction)))

    def ask_download(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, tr("下载录音"), "recording.ogg", "Ogg (*.ogg)")
        if path:
            self.download_wanted.emit(path)

    def add_mark(self) -> None:
        self.mark_wanted.emit(int(self.media.position()), self.note.text().strip())
        self.note.clear()

    # -- what the app feeds in ----------------------------------------------------------------------
    def set_peaks(self, peaks: list[float]) -> None:
        self.waveform.set_peaks(peaks)

    def set_marks(self, marks: list[tuple[int, str]]) -> None:
        self.marks.clear()
        for ms, note in sorted(marks):
            item = QListWidgetItem(f"{clock(ms)}  {note}")
            item.setData(Qt.ItemDataRole.UserRole, ms)
            self.marks.addItem(item)
        self.waveform.set_marks([ms for ms, _ in marks])

    def show_error(self, code: str) -> None:
        """Say what went wrong (``code`` from desktop.app.waveform.FetchError or the media)."""
        self.error_code = code
        self.status.setText(tr(ERRORS.get(code, ERRORS["media"])))
        self.status.setStyleSheet("color: #b71c1c; font-weight: bold;")
        if code in ("store-down", "forbidden", "expired", "not-found", "quarantined", "not-verified", "purged"):
            self.waveform.set_placeholder(tr(ERRORS[code]))

    # -- from QMediaPlayer (polled on the GUI thread) -------------------------------------------------
    def _sync(self) -> None:
        """Bring the widgets up to the player's duration, position, state and error when they changed."""
        seen = (self.media.duration(), self.media.position(), self.media.playbackState(), self.media.error())
        duration, position, state, error = seen
        before = self._seen
        self._seen = seen
        if duration != before[0]:
            self._duration(duration)
        elif position != before[1]:
            self._position(position)
        if state != before[2]:
            self._state(state)
        if error != before[3]:
            self._media_error(error, self.media.errorString())

    def _duration(self, ms: int) -> None:
        self.slider.setRange(0, max(0, ms))
        self.waveform.set_duration(ms)
        self._position(self.media.position())

    def _position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.waveform.set_position(ms)
        self.time.setText(f"{clock(ms)} / {clock(self.media.duration())}")

    def _state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(tr("暂停") if playing else tr("播放"))

    def _media_error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error == QMediaPlayer.Error.NoError:
            return
        # QtMultimedia's FFmpeg backend says only "Could not open file" for a refusal and a dead server
        # alike: show "unavailable"; the app asks the store why and calls show_error with the reason
        code = "unavailable" if error in (QMediaPlayer.Error.NetworkError, QMediaPlayer.Error.ResourceError) \
            else "media"
        self.show_error(code)
        self.media_error.emit(code)
