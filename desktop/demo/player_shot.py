"""``python -m desktop.demo.player_shot OUT.png``: a screenshot of the recordings browser and player.

Real parts throughout: a throwaway database on the PostgreSQL server (HOTLINE_TEST_PG or
127.0.0.1:5432), Debian nginx as the recording store (telephony.center.recstore_nginx) holding
Ogg/Opus calls, the center's grant service, and the supervisor's pane signed in as qa-li. It opens
a call, plays it for a moment, pauses, adds two marks and a QA sheet, and grabs the pane.
Everything it started is stopped; the database is dropped.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

RATE = 48000


def speechlike(seconds: float, seed: int) -> np.ndarray:
    """Two voices taking turns: syllable-shaped bursts of voiced sound (not speech, but looks like it)."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds * RATE), dtype="float32")
    t, turn = 0.4, 0
    while t < seconds - 1:
        length = rng.uniform(2.0, 6.0)
        pitch, level = (210.0, 0.55) if turn == 0 else (120.0, 0.35)
        s = t
        while s < min(t + length, seconds - 0.3):
            syl = rng.uniform(0.12, 0.3)
            n = int(syl * RATE)
            tt = np.arange(n) / RATE
            env = np.sin(np.pi * tt / syl) ** 2 * rng.uniform(0.5, 1.0) * level
            tone = np.sin(2 * np.pi * pitch * tt) + 0.4 * np.sin(2 * np.pi * 2.1 * pitch * tt)
            i = int(s * RATE)
            out[i:i + n] += (env * tone).astype("float32")[: len(out) - i]
            s += syl + rng.uniform(0.03, 0.12)
        t += length + rng.uniform(0.3, 1.0)
        turn = 1 - turn
    return np.clip(out, -0.95, 0.95)


PASSWORD = "Shot-质检-2026"


def seed(engine):  # noqa: ANN001, ANN201 - a demo helper
    """Two agents in a team and the supervisor qa-li (who signs in); the Viewer for qa-li."""
    from hotline.accounts import Role
    from hotline.recording_access import Viewer
    from hotline.timezone import now
    from storage.tables import UnitRow
    from storage.uow import UnitOfWork

    with UnitOfWork(engine, origin="admin", role="center") as uow:
        uow.session.add(UnitRow(id="team-1", code="team.1", name="话务一班", level=1, kind="team", remit=[],
                                updated_at=now()))
        uow.session.flush()
        uow.accounts.create("agent1001", PASSWORD, Role.AGENT, unit_id="team-1", sip_user="1001", display_name="张三")
        uow.accounts.create("agent1002", PASSWORD, Role.AGENT, unit_id="team-1", sip_user="1002", display_name="李四")
        uow.accounts.create("qa-li", PASSWORD, Role.SUPERVISOR, display_name="李质检")
        uow.commit()
    return Viewer("qa-li", Role.SUPERVISOR)


def add(engine, *, agent: str, caller: str, queue: str, store_path: str, duration_s: float, started_at) -> None:  # noqa: ANN001
    """A verified recording row with its leg."""
    from hotline.ids import new_id
    from hotline.timezone import now
    from storage.recording_tables import RecordingCallRow, RecordingRow
    from storage.uow import UnitOfWork

    rid = new_id()
    with UnitOfWork(engine, origin="center", role="center") as uow:
        uow.session.add(RecordingRow(id=rid, interaction_id=new_id(), call_ids=[f"call-{rid}"], agent=agent,
                                     caller=caller, queue=queue, started_at=started_at, duration_s=duration_s,
                                     size_bytes=1, sha256="0" * 64, codec="opus", store_path=store_path,
                                     state="verified", verified_at=now(), origin=f"desk-{agent}"))
        uow.session.flush()
        uow.session.add(RecordingCallRow(recording_id=rid, call_id=f"call-{rid}"))
        uow.commit()


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(argv[0] if argv else "docs/screenshots/player.png").resolve()
    import psycopg
    from PySide6.QtWidgets import QApplication

    from desktop.app.grants import GrantClient
    from desktop.app.recording_service import RecordingService
    from desktop.app.recordings import RecordingsController
    from desktop.app.worker import DbWorker
    from desktop.ui.recordingspane import RecordingsPane
    from hotline.timezone import now
    from storage.db import engine_for, upgrade
    from telephony.center.play_http import GrantServer
    from telephony.center.playback import PlaybackIssuer
    from telephony.center.recstore_nginx import RecordingStore

    admin = os.environ.get("HOTLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"hotline_shot_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + "/" + name
    app = QApplication.instance() or QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="player-shot-"))
    store = RecordingStore(tmp / "run", tmp / "state", uploaders=["1001"])
    parts: list = []
    try:
        upgrade(url)
        engine = engine_for(url)
        viewer = seed(engine)
        base = now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
        calls = [("1001", "13700000001", "12345", 96.0), ("1001", "13912345678", "tousu", 41.0),
                 ("1002", "13600001111", "12345", 183.0), ("1001", "13500002222", "zwfw", 67.0),
                 ("1002", "13800003333", "12345", 29.0)]
        for k, (agent, caller, queue, seconds) in enumerate(calls):
            path = f"{agent}/{base:%Y%m%d}/call-{k}.ogg"
            target = store.dirs["store"] / path
            target.parent.mkdir(parents=True, exist_ok=True)
            sf.write(target, speechlike(seconds, k), RATE, format="OGG", subtype="OPUS")
            add(engine, agent=agent, caller=caller, queue=queue, store_path=path, duration_s=seconds,
                started_at=base + timedelta(minutes=37 * k))
        store.start()
        grants = GrantServer(engine, PlaybackIssuer(engine, store.base_url, store.secret))
        grants.start()
        parts.append(grants)
        service = RecordingService(engine, viewer, GrantClient(grants.url, "qa-li", PASSWORD).grant)
        pane = RecordingsPane()
        pane.resize(1280, 860)
        worker, media = DbWorker(), DbWorker("desk-media")
        parts += [worker, media]
        controller = RecordingsController(worker, media, service, pane)
        pane.since.setDate(pane.since.date().addDays(-7))
        pane.show()
        controller.start()
        _wait(app, lambda: pane.model.rowCount() == len(calls))
        row = len(calls) - 1  # the oldest: 1001's 96-second call
        pane.table.selectRow(row)
        pane.recording_opened.emit(pane.model.line(row))
        player = pane.player
        _wait(app, lambda: player.media.duration() > 0 and bool(player.waveform.peaks))
        player.seek(38_000)
        player.set_speed(1.25)
        player.play()
        _wait(app, lambda: player.media.position() > 39_500)
        player.toggle()  # pause
        for ms, note in ((12_400, "未核实来电人身份"), (player.media.position(), "答复引用政策准确")):
            player.mark_wanted.emit(ms, note)
        _wait(app, lambda: player.marks.count() == 2)
        pane.qa.boxes["identity"].setValue(2)
        pane.qa.comment.setPlainText("身份核实不完整，其余规范。")
        pane.qa.submit.click()
        _wait(app, lambda: "已保存" in pane.qa.saved.text() or "saved" in pane.qa.saved.text())
        _wait(app, lambda: pane.model.rowCount() == len(calls))
        pane.table.selectRow(row)
        pane.table.setFocus()
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        pane.grab().save(str(out))
        print(out)
        player.stop()
        pane.close()
        engine.dispose()
        return 0
    finally:
        for part in parts:
            part.stop()
        store.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait(app: Any, ok: Callable[[], bool], timeout_s: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not ok():
        if time.monotonic() > deadline:
            raise TimeoutError("the pane did not get there in time")
        app.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
