"""Media of one lab call: what the peer sends (a looped tone and/or speech WAV) and the recorder.

A ``CallMedia`` is created on the call's first active media and connected again on every media
change (a re-INVITE may give the call a new conference slot); ``close()`` drops the players and the
recorder, which finalises the WAV header, and returns the recording's path.
"""

from __future__ import annotations

import time
from pathlib import Path

import pjsua2 as pj

from telephony.lab.audio import write_tone

TONE_LEVEL = 0.3  # -13 dBFS: a tone alone
PILOT_LEVEL = 0.05  # -29 dBFS: a pilot tone under speech (the speech WAVs are about -27 dBFS RMS)


def tone_file(directory: Path, name: str, hz: float, *, under_speech: bool) -> str:
    """A looping tone WAV for this peer (quiet when it plays under speech), written once."""
    level = PILOT_LEVEL if under_speech else TONE_LEVEL
    path = directory / f".{name}-{hz:g}Hz-{level:g}.wav"
    if not path.exists():
        write_tone(path, hz, amplitude=level)
    return str(path)


class CallMedia:
    """Players feeding a call and the recorder listening to it."""

    def __init__(self, path: Path, play: dict[str, str | None]) -> None:
        self.path = path
        self.players: list[pj.AudioMediaPlayer] = []
        for source in (play.get("tone"), play.get("wav")):
            if source:
                player = pj.AudioMediaPlayer()
                player.createPlayer(str(source), 0)  # 0: loop
                self.players.append(player)
        self.recorder: pj.AudioMediaRecorder | None = None
        self.audio_index = -1
        self.last_rx_packets = -1
        self.last_rx_at = time.monotonic()

    def connect(self, call_audio: pj.AudioMedia, index: int) -> None:
        """Send the players into the call and record what the call receives (idempotent)."""
        self.audio_index = index
        if self.recorder is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.recorder = pj.AudioMediaRecorder()
            self.recorder.createRecorder(str(self.path))
        for player in self.players:
            player.startTransmit(call_audio)
        call_audio.startTransmit(self.recorder)

    def rx_packets(self, call: pj.Call) -> int:
        """RTP packets received so far on the call's audio stream (-1 when there is no stream)."""
        if self.audio_index < 0:
            return -1
        try:
            return int(call.getStreamStat(self.audio_index).rtcp.rxStat.pkt)
        except Exception:  # noqa: BLE001 - the stream is being torn down
            return -1

    def close(self) -> Path | None:
        """Stop sending and close the recording; its path, or None when nothing was recorded."""
        self.players.clear()
        had = self.recorder is not None
        self.recorder = None
        return self.path if had else None
