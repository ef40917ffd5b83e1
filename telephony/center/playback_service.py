"""The center's playback side while ``hotline center run`` runs: grants over HTTP, denials into the audit.

    service = PlaybackService(db_url, store, run_dir, port=0)
    service.start()            # GrantServer on 127.0.0.1:<port> (service.url goes in the center's state)
    service.tick()             # in the run loop: every ``every_s`` the nginx denied log is read into the audit
    service.stop()

The denied log's read position is kept in ``<run_dir>/denied.offset`` so a restarted center neither
skips nor repeats a line (and ingestion is idempotent anyway). A database that is away makes a tick
fail quietly and retry on the next one: the log lines wait in the file, nothing is dropped.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from telephony.center.play_denials import ingest_denied
from telephony.center.play_http import GrantServer
from telephony.center.playback import PlaybackIssuer

log = logging.getLogger("telephony.center.playback")


class PlaybackService:
    """See the module docstring."""

    def __init__(self, db_url: str, store: Any, run_dir: Path, *, port: int = 0, ttl_s: int = 300,
                 every_s: float = 2.0) -> None:
        from storage.db import engine_for

        self.engine = engine_for(db_url)
        self.store, self.every_s = store, every_s
        self.offset_file = Path(run_dir) / "denied.offset"
        self.server = GrantServer(self.engine, PlaybackIssuer(self.engine, store.base_url, store.secret, ttl_s),
                                  port=port)
        self._next = 0.0

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        self.server.start()

    def tick(self) -> int:
        """Read new denied lines into the audit when due; the offset now held."""
        offset = self._offset()
        if time.monotonic() < self._next:
            return offset
        self._next = time.monotonic() + self.every_s
        try:
            new = ingest_denied(self.engine, self.store.denied_log, offset)
        except Exception as exc:  # noqa: BLE001 - the lines stay in the log; the next tick retries
            log.warning("denied-log ingestion failed, will retry: %s", exc)
            return offset
        if new != offset:
            self.offset_file.write_text(str(new))
        return new

    def _offset(self) -> int:
        try:
            value = int(self.offset_file.read_text().strip() or 0)
        except (OSError, ValueError):
            return 0
        size = self.store.denied_log.stat().st_size if self.store.denied_log.exists() else 0
        return value if value <= size else 0  # a new log (rotated): from its start

    def stop(self) -> None:
        self.server.stop()
        self.engine.dispose()
