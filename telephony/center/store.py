"""Where the director's records go: the central database, one unit of work per batch.

    store = open_store("postgresql+psycopg://…/hotline")   # None: the local working copy (SQLite)
    store.append(events)        # queue events, agent states, the CDR, callback tickets (storage.center);
                                # monitoring requests go to the audit log (monitor_audit)
    store.events_today()        # the last 24 hours: what a restarted director rebuilds from

The database is upgraded to the newest schema first; an unreachable one is a clear error.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hotline.timezone import now


class SqlRecordStore:
    """The director's RecordStore over a SQLAlchemy engine (role "center": writes go to the change log)."""

    def __init__(self, engine: Any, origin: str = "center") -> None:
        self.engine = engine
        self.origin = origin

    def append(self, events: list[Any]) -> None:
        from storage.uow import UnitOfWork
        from telephony.center.monitor_audit import MONITOR, store_audits

        audits = [e for e in events if e.kind == MONITOR]
        queue_events = [e for e in events if e.kind != MONITOR]
        with UnitOfWork(self.engine, origin=self.origin, role="center") as uow:
            if queue_events:
                uow.center.append(queue_events)
            if audits:
                store_audits(uow.audit, audits)
            uow.commit()

    def events_today(self) -> list[Any]:
        from storage.uow import UnitOfWork

        start = now() - timedelta(hours=24)  # not midnight: a call answered at 23:59 is still on
        with UnitOfWork(self.engine, origin=self.origin, role="center") as uow:
            return uow.center.events_since(start)


def open_store(url: str | None) -> SqlRecordStore:
    """Upgrade and open the center's database (default: the local working copy)."""
    from hotline.paths import default_db_url
    from storage.db import engine_for, upgrade

    target = url or default_db_url()
    upgrade(target)
    return SqlRecordStore(engine_for(target))
