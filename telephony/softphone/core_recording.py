"""The recording side of the phone core: one recorder per interaction, alarms, hand-off to the worker."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pjsua2 as pj

from hotline.timezone import now
from telephony.softphone import model as m
from telephony.softphone.calls import CallRecord
from telephony.softphone.config import SoftphoneConfig
from telephony.softphone.errors import reason
from telephony.softphone.media import Link, involving
from telephony.softphone.recording import LegRecord, RecordingJob, recording_path


@dataclass(slots=True)
class Recording:
    interaction_id: str
    recorder: Any  # pj.AudioMediaRecorder
    job: RecordingJob
    legs: dict[str, LegRecord] = field(default_factory=dict)
    size: int = -1
    grew_at: float = field(default_factory=time.monotonic)
    warned: bool = False


class RecordingMixin:
    """Recording for :class:`~telephony.softphone.core.PhoneCore` (which provides the state)."""

    config: SoftphoneConfig
    account_uri: str
    links: set[Link]
    recordings: dict[str, Recording]
    failed_recordings: set[str]
    recording_alarm: str
    _finish: Callable[[RecordingJob], None]

    def _start_recording(self, rec: CallRecord) -> None:
        directory = self.config.recording_dir
        interaction = rec.interaction_id
        recording = self.recordings.get(interaction)
        if recording is None and directory is not None and interaction not in self.failed_recordings:
            started = now()
            try:
                path = recording_path(Path(directory), interaction, started)
                recorder = pj.AudioMediaRecorder()
                recorder.createRecorder(str(path))
            except (OSError, pj.Error) as exc:
                self._recording_failed(interaction, f"录音无法开始（{directory}）：{reason(exc)}")
                return
            job = RecordingJob(interaction, self.account_uri, path, started)
            recording = Recording(interaction, recorder, job)
            self.recordings[interaction] = recording
        if recording is not None:
            recording.legs[rec.call_id] = LegRecord(
                rec.call_id, rec.sip_call_id, rec.direction.value, rec.remote_uri, rec.caller_number, rec.dialled,
                answered_at=(rec.answered_at or now()).isoformat())
            self.rewire()

    def _recording_failed(self, interaction: str, message: str) -> None:
        self.failed_recordings.add(interaction)
        self._raise_alarm(interaction, message)

    def _raise_alarm(self, interaction: str, message: str) -> None:
        self.recording_alarm = message
        self.emit(lambda s: m.RecordingDidFail(s, interaction, message))

    def _close_recording(self, interaction: str) -> None:
        recording = self.recordings.pop(interaction, None)
        if recording is None:
            return
        for link in involving(self.links, ("rec", interaction)):
            src = link[0]
            try:
                self._port(src).stopTransmit(recording.recorder)
            except (pj.Error, KeyError):
                pass
        self.links -= involving(self.links, ("rec", interaction))

        recording.recorder = None  # destroys the pjsua2 recorder: the WAV is closed here
        recording.job.ended_at = now()
        recording.job.legs = list(recording.legs.values())
        self._finish(recording.job)

    def recording_done(self, interaction: str, error: str, audio: str = "", manifest: str = "") -> None:
        """Back on the pjsua2 thread: the worker finished (or failed) an interaction's recording."""
        if error:
            self._recording_failed(interaction, error)
        else:
            self.emit(lambda s: m.RecordingWasSaved(s, interaction, manifest, audio))

    def _watch_recording(self, recording: Recording, mono: float) -> None:
        """Alarm (once per recording) when its disk runs low or its file stops growing; calls go on."""
        if recording.warned:
            return
        path = recording.job.wav_path
        try:
            free_mb = shutil.disk_usage(path.parent).free / 1e6
            size = path.stat().st_size
        except OSError as exc:
            recording.warned = True
            self._raise_alarm(recording.interaction_id, f"录音文件不可用：{path}（{exc.strerror or exc}）")
            return
        if size != recording.size:
            recording.size, recording.grew_at = size, mono
        if free_mb < self.config.recording_min_free_mb:
            recording.warned = True
            self._raise_alarm(recording.interaction_id, f"录音磁盘空间不足：{path.parent} 仅剩 {free_mb:.1f} MB")
        elif mono - recording.grew_at > 3.0:
            recording.warned = True
            self._raise_alarm(recording.interaction_id, f"录音写入停止：{path} 已 3 秒未增长")
