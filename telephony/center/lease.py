"""The director's leader lease: one row in the center database names the director that may act.

    lease = Lease(engine, holder="host:pid")
    epoch = lease.acquire()          # None while another holder's lease runs; else the new epoch
    lease.renew(epoch)               # True: still ours (expiry pushed on); False: lost to a newer epoch
    lease.release(epoch)             # a clean stop hands over at once

The row (``director_lease``, migration 0013) holds the holder, an **epoch** that grows by one with
every acquisition, and an expiry on the *database's* clock (seconds since 1970: PostgreSQL's
``clock_timestamp()``, SQLite's ``julianday('now')``), so directors on hosts whose clocks differ
still agree. Acquisition and renewal are single conditional UPDATEs: two standbys racing for an
expired lease cannot both win. The epoch is the fencing token: the leader tells Kamailio
``lead,<epoch>`` and Kamailio takes commands only from the link that sent the highest one
(resources/kamailio/center.cfg), so a paused old leader that wakes up cannot act.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

TTL_S = 1.5  # a leader not renewed for this long may be replaced
RENEW_S = 0.25  # how often the leader renews
TRY_S = 0.2  # how often a standby tries to take an expired lease


def _now_sql(engine: Any) -> str:
    if engine.dialect.name == "postgresql":
        return "extract(epoch from clock_timestamp())"
    return "((julianday('now') - 2440587.5) * 86400.0)"


class Lease:
    """The leader lease of one center (see the module docstring)."""

    def __init__(self, engine: Any, holder: str, name: str = "queues", ttl_s: float = TTL_S) -> None:
        self.engine, self.holder, self.name, self.ttl_s = engine, holder, name, ttl_s
        self._now = _now_sql(engine)

    def acquire(self, floor: int = 0) -> int | None:
        """The new epoch (above ``floor``: an epoch Kamailio follows already) if the lease was free or
        expired (now ours), else None."""
        now = self._now
        with self.engine.begin() as conn:
            exists = conn.execute(text("SELECT 1 FROM director_lease WHERE name = :n"), {"n": self.name}).first()
            if exists is None:
                conn.execute(text("INSERT INTO director_lease (name, holder, epoch, expires_at) "
                                  "VALUES (:n, '', 0, NULL) ON CONFLICT (name) DO NOTHING"), {"n": self.name})
            row = conn.execute(text(
                "UPDATE director_lease SET holder = :h, "
                "epoch = (CASE WHEN epoch > :floor THEN epoch ELSE :floor END) + 1, "
                f"expires_at = {now} + :ttl WHERE name = :n AND (expires_at IS NULL OR expires_at < {now}) "
                "RETURNING epoch"), {"h": self.holder, "n": self.name, "ttl": self.ttl_s, "floor": floor}).first()
        return int(row[0]) if row else None

    def renew(self, epoch: int) -> bool:
        """Push the expiry on; False if another holder took the lease (this one must stop acting)."""
        with self.engine.begin() as conn:
            row = conn.execute(text(
                f"UPDATE director_lease SET expires_at = {self._now} + :ttl "
                "WHERE name = :n AND holder = :h AND epoch = :e RETURNING epoch"),
                {"h": self.holder, "n": self.name, "e": epoch, "ttl": self.ttl_s}).first()
        return row is not None

    def release(self, epoch: int) -> None:
        """Let the lease go now (a clean stop): a standby takes it on its next try."""
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE director_lease SET expires_at = NULL "
                              "WHERE name = :n AND holder = :h AND epoch = :e"),
                         {"h": self.holder, "n": self.name, "e": epoch})

    def current(self) -> dict[str, Any] | None:
        """``{"holder", "epoch", "left_s"}`` of the lease now (left_s < 0: expired), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(text(f"SELECT holder, epoch, expires_at - {self._now} FROM director_lease "
                                    "WHERE name = :n"), {"n": self.name}).first()
        if row is None:
            return None
        return {"holder": row[0], "epoch": int(row[1]), "left_s": float(row[2]) if row[2] is not None else -1.0}
