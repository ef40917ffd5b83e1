"""The upload half of ``python -m bench recstore``: a desk's upload process through an nginx restart."""

from __future__ import annotations

import base64
import http.client
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _raw_put(base_url: str, desk: str, key: str, bodies: list[bytes]) -> float:
    """Baseline: the same files PUT one after another on one connection, no queue, no database."""
    host, port = base_url.split("//", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    auth = base64.b64encode(f"{desk}:{key}".encode()).decode()
    began, total = time.perf_counter(), 0
    for i, body in enumerate(bodies):
        conn.request("PUT", f"/upload/{desk}/raw/{i}.ogg", body=body, headers={"Authorization": f"Basic {auth}"})
        resp = conn.getresponse()
        resp.read()
        assert resp.status in (201, 204), resp.status
        total += len(body)
    conn.close()
    return total / 1e6 / (time.perf_counter() - began)


def run_upload(work: Path, recordings: Path, made: list[Any], pg_url: str) -> dict[str, Any]:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from storage.db import engine_for, upgrade
    from storage.recording_tables import RecordingRow, RecordingUploadRow
    from telephony.center.recstore_nginx import RecordingStore, upload_key
    from telephony.center.recverify import VerifierThread
    from telephony.softphone.recording import sha256_of

    desk = "1001"
    upgrade(pg_url)
    central = engine_for(pg_url)
    store = RecordingStore(work / "center" / "recstore", work / "center", uploaders=[desk])
    store.start()
    key = upload_key(store.secret, desk)
    expected = {d.interaction_id: d.bytes for d in made}
    bodies = [d.audio_path.read_bytes() for d in made]  # the desk deletes its copies when verified
    total_mb = sum(expected.values()) / 1e6
    said: list[str] = []
    verifier = VerifierThread(pg_url, store.state_dir, say=said.append, every_s=0.5)
    verifier.start()
    db_url = f"sqlite:///{work / 'desk.sqlite3'}"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    began = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "desktop.app.recupload_main", "--db", db_url, "--central", pg_url,
                             "--recordings", str(recordings), "--store", store.base_url, "--desk", desk, "--key", key,
                             "--every", "0.1", "--batch", "10", "--max-backoff", "2", "--seconds", "900"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    arrived = lambda: sum(1 for p in store.dirs["incoming"].rglob("*") if p.is_file()) + sum(  # noqa: E731
        1 for p in store.dirs["store"].rglob("*") if p.is_file())
    down_s = 0.0
    try:
        while arrived() < len(made) // 3 and time.monotonic() - began < 300:
            time.sleep(0.02)
        stopped = time.monotonic()
        store.stop()
        time.sleep(1.0)
        store.start()
        down_s = time.monotonic() - stopped
        last_sent = None
        local = engine_for(db_url)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            with Session(central) as s:
                verified = s.scalar(select(func.count()).select_from(RecordingRow)
                                    .where(RecordingRow.state == "verified")) or 0
            with Session(local) as s:
                unsent = s.scalar(select(func.count()).select_from(RecordingUploadRow)
                                  .where(RecordingUploadRow.sent_at.is_(None))) or 0
                queued = s.scalar(select(func.count()).select_from(RecordingUploadRow)) or 0
            if last_sent is None and queued == len(made) and unsent == 0:
                last_sent = time.monotonic()
            if verified == len(made) and not any(p.is_file() for p in recordings.rglob("*")):
                break
            time.sleep(0.2)
        all_done = time.monotonic()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
        verifier.stop()
    with Session(central) as s:
        rows = list(s.execute(select(RecordingRow.interaction_id, RecordingRow.state, RecordingRow.sha256)))
    stored = [p for p in store.dirs["store"].rglob("*") if p.is_file()]
    good = {sha256_of(p) for p in stored}
    per_interaction = Counter(r[0] for r in rows)
    verified_ok = {r[0] for r in rows if r[1] == "verified" and r[2] in good}
    raw = _raw_put(store.base_url, desk, key, bodies)
    store.stop()
    local.dispose()
    central.dispose()
    return {"files": len(verified_ok), "queued": len(made), "lost": len(set(expected) - verified_ok),
            "duplicated": sum(n - 1 for n in per_interaction.values()) + max(0, len(stored) - len(made)),
            "mb": round(total_mb, 3), "mb_per_s": round(total_mb / ((last_sent or all_done) - began), 3),
            "raw_put_mb_per_s": round(raw, 3), "store_down_s": round(down_s, 2),
            "to_all_verified_and_deleted_s": round(all_done - began, 2),
            "alarms": [a for a in said if a.startswith("ALARM")]}
