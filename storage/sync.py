"""Sync between a workstation's local copy and the central database: push the outbox, pull the change log.

push: read a batch of outbox rows; in ONE central transaction append each to ``changes`` (a change
id already there is skipped, so nothing is applied twice), store its event/unit/audit/article row (events
ON CONFLICT DO NOTHING), re-fold the touched tickets, commit; THEN delete those outbox rows locally.
Each entity is stored by its applier in the registry (storage.sync_appliers); users (as hashes without
the SIP HA1) and caller flags travel from the center to desks only.
A failure before the central commit leaves both sides as they were; a failure after it (before the
local delete) only means the next push re-sends rows the center skips.

pull: read the central changes after the last server sequence this desk saw (``sync_state``), apply
them locally without making outbox rows, re-fold, and move the cursor in the same local
transaction. Pulled articles get the next local sequence, which the workstation's search index
follows (storage.knowledge.indexing), so no hook is needed here. The center's change log is written under an advisory lock (storage.changelog), so
sequence order is commit order and a pull never steps over a change still being committed.

Failures raise SyncError with the reason and are noted in ``sync_state`` for the status bar
(:func:`sync_status`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from hotline.secrets import mask_secrets
from hotline.timezone import now
from storage.calendar import CalendarRepository
from storage.calendar_publish import refresh_open_tickets
from storage.changelog import ChangeRecorder, Role, append_changes, lock_change_log
from storage.pipeline import WritePipeline, inline
from storage.rules import LifecycleRules, TicketRules
from storage.sync_appliers import ApplyContext, Change, applier_for
from storage.tables import ChangeRow, OutboxRow, SyncStateRow
from storage.tickets import TicketRepository
from storage.upsert import insert_ignore

STATE_KEY = "central"
Progress = Callable[[int], None]


class SyncError(Exception):
    """A push or pull that failed; nothing half-done stays behind. The message says why."""


@dataclass(frozen=True)
class SyncStatus:
    """What the desk's status bar shows about the link to the center."""

    pending: int  # local changes not yet pushed
    last_push_at: datetime | None
    last_pull_at: datetime | None
    last_seq: int  # last server sequence pulled
    last_error: str
    last_error_at: datetime | None

    @property
    def ok(self) -> bool:
        """The last push or pull succeeded (or none has been tried)."""
        return not self.last_error

    def describe(self) -> str:
        """One line for the status bar, in Chinese."""
        if self.last_error:
            return f"中心连接中断，本地工作中（待上传 {self.pending} 条）：{self.last_error}"
        if self.pending:
            return f"待上传 {self.pending} 条"
        return "已与中心同步"


def push(
    local: Engine,
    central: Engine,
    batch: int = 1000,
    *,
    rules: TicketRules | None = None,
    after_batch: Progress | None = None,
    overlap: bool = True,
) -> int:
    """Send the outbox to the center; returns how many outbox rows were delivered and removed.

    Idempotent: a change the center already holds is skipped there. ``after_batch(total)`` is called
    after each delivered batch (progress for the status bar; tests cut the link there). ``overlap``:
    on PostgreSQL the center stores one part of a batch while this process folds the next
    (storage.pipeline); False waits for each statement (the benchmark's baseline).
    """
    rules = rules or LifecycleRules()

    def step() -> int:
        changes = _outbox_batch(local, batch)
        if changes:
            _apply_on_central(central, changes, rules, overlap)
            _forget_pushed(local, [c.seq for c in changes])
        return len(changes)

    return _in_batches(local, "push", "上传失败", step, after_batch)


def pull(
    local: Engine,
    central: Engine,
    batch: int = 1000,
    *,
    rules: TicketRules | None = None,
    after_batch: Progress | None = None,
) -> int:
    """Fetch and apply the center's changes after the last one seen; returns how many were fetched."""
    rules = rules or LifecycleRules()
    cursor: list[int] = []  # read on the first step, inside the error handling

    def step() -> int:
        if not cursor:
            cursor.append(_cursor(local))
        changes = _changes_after(central, cursor[0], batch)
        if changes:
            with Session(local) as session, session.begin():
                _apply(session, changes, rules, role="desk")
                _state(session).last_seq = changes[-1].seq
            cursor[0] = changes[-1].seq
        return len(changes)

    return _in_batches(local, "pull", "下载失败", step, after_batch)


def _in_batches(local: Engine, what: str, label: str, step: Callable[[], int], after_batch: Progress | None) -> int:
    """Run ``step`` until it moves nothing; note success or the failure (and raise SyncError) locally."""
    total = 0
    try:
        while moved := step():
            total += moved
            if after_batch is not None:
                after_batch(total)
    except Exception as exc:
        reason = _reason(exc)
        _note(local, error=f"{label} {what} failed: {reason}")
        raise SyncError(f"{what} failed after {total} changes: {reason}") from exc
    _note(local, pushed=what == "push", pulled=what == "pull")
    return total


def sync_once(
    local: Engine, central: Engine, batch: int = 1000, *, rules: TicketRules | None = None
) -> SyncStatus:
    """Push then pull, for the scheduled job: never raises for a link failure, returns the status."""
    try:
        push(local, central, batch, rules=rules)
        pull(local, central, batch, rules=rules)
    except SyncError:
        pass
    return sync_status(local)


def sync_status(local: Engine) -> SyncStatus:
    """The pending outbox count and the last push, pull and error, read from the local copy."""
    with Session(local) as session:
        pending = session.scalar(select(func.count()).select_from(OutboxRow)) or 0
        row = session.get(SyncStateRow, STATE_KEY)
        if row is None:
            return SyncStatus(pending, None, None, 0, "", None)
        return SyncStatus(
            pending, row.last_push_at, row.last_pull_at, row.last_seq, row.last_error, row.last_error_at
        )


# -- the steps --------------------------------------------------------------------------------------


def _outbox_batch(local: Engine, batch: int) -> list[Change]:
    outbox = OutboxRow.__table__.c  # Core rows: no ORM objects to build for a batch we only read
    stmt = select(outbox.change_id, outbox.entity, outbox.entity_id, outbox.payload, outbox.seq)
    with Session(local) as session:
        rows = session.execute(stmt.order_by(outbox.seq).limit(batch))
        return [Change(r.change_id, r.entity, r.entity_id, dict(r.payload), r.seq) for r in rows]


def _apply_on_central(central: Engine, changes: Sequence[Change], rules: TicketRules, overlap: bool) -> None:
    with Session(central) as session, session.begin():
        lock_change_log(session)
        # on PostgreSQL the server stores one part while this process folds the next (storage.pipeline)
        with WritePipeline(session, enabled=overlap) as writes:
            appended = append_changes(
                session,
                [
                    {
                        "change_id": c.change_id,
                        "entity": c.entity,
                        "entity_id": c.entity_id,
                        "payload": c.payload,
                        "origin": str(c.payload.get("origin") or ""),
                    }
                    for c in changes
                ],
                writes=writes,
            )
            fresh = [c for c in changes if c.change_id in appended]
            _apply(session, fresh, rules, role="center", writes=writes)


def _forget_pushed(local: Engine, seqs: Sequence[int]) -> None:
    with Session(local) as session, session.begin():
        session.execute(delete(OutboxRow).where(OutboxRow.seq.in_(list(seqs))))


def _changes_after(central: Engine, cursor: int, batch: int) -> list[Change]:
    changes = ChangeRow.__table__.c
    stmt = select(changes.change_id, changes.entity, changes.entity_id, changes.payload, changes.seq)
    with Session(central) as session:
        rows = session.execute(stmt.where(changes.seq > cursor).order_by(changes.seq).limit(batch))
        return [Change(r.change_id, r.entity, r.entity_id, dict(r.payload), r.seq) for r in rows]


def _apply(
    session: Session, changes: Sequence[Change], rules: TicketRules, role: Role, writes: WritePipeline | None = None
) -> None:
    """Store changes that came over the link (recording nothing for sync) and re-fold their tickets.

    Each change goes to its entity's applier (storage.sync_appliers, the registry). A calendar year
    that arrives also re-folds the open tickets with due times in it (their 暂定 marks go, their due
    times follow the official year); the center's DEADLINES_RECOMPUTED events, which say why, come
    in the same change log. ``writes``: see storage.pipeline; it is drained before any applier but
    the ticket events' (which only collect them) touches the session.
    """
    writes = writes or inline(session)
    ctx = ApplyContext(session, role)
    for change in changes:
        if change.entity != "event":
            writes.drain()
        applier_for(change, role)(ctx, change)
    if ctx.events or ctx.years:
        writes.drain()
        recorder = ChangeRecorder(session, "center" if role == "center" else "desk", "")
        tickets = TicketRepository(session, rules, CalendarRepository(session), recorder)
        refresh_open_tickets(session, tickets, ctx.years)
        if ctx.events:
            tickets.ingest(ctx.events, writes)


def _cursor(local: Engine) -> int:
    with Session(local) as session:
        row = session.get(SyncStateRow, STATE_KEY)
        return row.last_seq if row is not None else 0


def _state(session: Session) -> SyncStateRow:
    row = session.get(SyncStateRow, STATE_KEY)
    if row is None:
        insert_ignore(session, SyncStateRow, [{"name": STATE_KEY, "last_seq": 0, "last_error": ""}], ["name"])
        row = session.get(SyncStateRow, STATE_KEY)
    assert row is not None
    return row


def _note(local: Engine, *, pushed: bool = False, pulled: bool = False, error: str = "") -> None:
    """Remember the outcome for the status bar; never lets a failure here hide the real one."""
    try:
        with Session(local) as session, session.begin():
            row = _state(session)
            moment = now()
            if error:
                row.last_error, row.last_error_at = error[:2000], moment
            else:
                row.last_error = ""
            if pushed:
                row.last_push_at = moment
            if pulled:
                row.last_pull_at = moment
    except Exception as exc:  # noqa: BLE001 - the local copy itself is unusable: say so, keep the real reason
        logging.getLogger("storage.sync").error("sync status not recorded (%s: %s); the %s outcome was: %s",
                                                type(exc).__name__, exc, "push" if pushed else "pull",
                                                error or "ok")


def _reason(exc: BaseException) -> str:
    text = mask_secrets(str(getattr(exc, "orig", None) or exc).strip())
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
