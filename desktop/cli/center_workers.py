"""The background workers ``hotline center run`` keeps beside its child processes, started and stopped together.

- accounts (``--users db``): Kamailio's auth table follows the accounts table (telephony.center.accounts_live);
- units' folds (PostgreSQL only, where units have their own logins): storage.unit_fold;
- with the recording store: the upload verifier (telephony.center.recverify), the retention pass
  (telephony.center.retention) and the playback-grant service (telephony.center.playback_service).

Each one reports its failures through ``say`` and keeps serving; :meth:`CenterWorkers.stop` stops
them in the reverse order they started.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


class CenterWorkers:
    """See the module docstring."""

    def __init__(self, db_url: str, state_dir: Path, say: Callable[[str], None]) -> None:
        self.db_url, self.state_dir, self.say = db_url, state_dir, say
        self.started: list[Any] = []
        self.playback: Any = None

    def start(self, *, sup: Any, ha1: dict[str, str] | None, settings: str | None, retention_every: float,
              playback_port: int, monitor: Any = None) -> None:
        """Start what this run needs (``ha1``: the accounts Kamailio started with, None: not the database;
        ``monitor``: the monitoring rules it started with)."""
        if ha1 is not None:
            from desktop.cli.center_settings import load_settings
            from telephony.center.accounts_live import AccountsWatcher
            from telephony.center.monitor_rules import monitor_entries, rules_from_db

            store = sup.store
            self._start(AccountsWatcher(
                self.db_url, sup.kamailio.ctl_socket, applied=ha1, say=self.say,
                on_change=store.set_uploaders if store is not None else None,
                monitor=lambda engine: monitor_entries(rules_from_db(engine, load_settings(settings))),
                monitor_applied=monitor_entries(monitor) if monitor is not None else None))
        if self.db_url.startswith("postgresql"):
            from storage.unit_fold import UnitFoldThread

            self._start(UnitFoldThread(self.db_url, say=self.say))
        if sup.store is None:
            return
        from desktop.cli.center_retention import start_retention
        from telephony.center.playback_service import PlaybackService
        from telephony.center.recverify import VerifierThread

        self._start(VerifierThread(self.db_url, self.state_dir, say=self.say))
        self.started.append(start_retention(settings, self.db_url, self.state_dir, self.say, retention_every))
        self.playback = self._start(PlaybackService(self.db_url, sup.store, self.state_dir, port=playback_port))

    def tick(self) -> None:
        """The run loop's beat (the playback service reads nginx's denied log)."""
        if self.playback is not None:
            self.playback.tick()

    def stop(self) -> None:
        while self.started:
            self.started.pop().stop()

    def _start(self, worker: Any) -> Any:
        worker.start()
        self.started.append(worker)
        return worker
