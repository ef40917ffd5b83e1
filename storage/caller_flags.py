"""Caller flags in the database: set and cleared at the center, read anywhere (the screen pop on a desk).

    with UnitOfWork(central, origin="admin", role="center") as uow:
        uow.caller_flags.set("+86 137-0000-0066", "一周内拨打40余次辱骂话务员", actor="wangadmin")
        uow.commit()
    with UnitOfWork(desk) as uow:
        uow.caller_flags.flag_for("13700000066")   # the screen pop's FlagLookup: one indexed query

Flags are written at the center only (a desk's repository refuses with FlagError ``center-only``;
its recorder and the center's push refuse a ``caller_flag`` change too). Every set and clear goes to
the change log as the flag's whole row, so a desk's pull stores the same row (set, then cleared), and
is audited (``flag-caller`` / ``unflag-caller`` on the caller). A cleared flag stays, with who
cleared it and when: ``history_for`` lists them all.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.caller_flags import (
    CallerFlagRecord,
    FlagError,
    FlagKind,
    check_actor,
    check_article,
    check_reason,
    flag_number,
    parse_kind,
)
from hotline.ids import new_id
from hotline.phones import canonical_phone
from hotline.timezone import now, parse_iso
from storage.account_tables import UserRow
from storage.audit import AuditRepository
from storage.changelog import ChangeRecorder
from storage.flag_tables import CallerFlagRow
from storage.screenpop import CallerFlag
from storage.upsert import put_row

ENTITY = "caller_flag"


class CallerFlagRepository:
    """Reads and writes caller flags; writes are center-only, recorded for sync and audited."""

    def __init__(self, session: Session, recorder: ChangeRecorder | None,
                 audit: AuditRepository | None = None) -> None:
        self.session, self.recorder, self.audit = session, recorder, audit

    # -- writes (the center) ------------------------------------------------------------------------
    def set(self, number: str, reason: str, *, actor: str, kind: FlagKind | str = FlagKind.NUISANCE,
            article: str | None = None) -> CallerFlagRecord:
        """Flag ``number`` (any form; kept canonical). FlagError: bad-number, empty-reason, bad-kind,
        bad-actor, already-flagged (an active flag of that kind is there), center-only."""
        self._center_only()
        canonical, reason, actor = flag_number(number), check_reason(reason), check_actor(actor)
        kind = parse_kind(kind)
        article = check_article(article, kind)
        self._claim()
        if any(r.kind == kind.value for r in self._active_rows(canonical)):
            raise FlagError("already-flagged", f"该号码已有{kind.label}标记，请先解除 "
                                               f"(number {canonical} is flagged {kind.value} already)")
        row = CallerFlagRow(id=new_id(), number=canonical, kind=kind.value, reason=reason, article=article,
                            set_by=actor, set_at=now(), cleared_by=None, cleared_at=None, clear_reason="")
        self.session.add(row)
        self._written(row, actor, "flag-caller")
        return _record(row)

    def clear(self, number: str, *, actor: str, kind: FlagKind | str | None = None,
              reason: str = "") -> list[CallerFlagRecord]:
        """Clear the number's active flags (of ``kind`` if given); the rows stay. FlagError: bad-number,
        bad-actor, bad-kind, not-flagged, center-only."""
        self._center_only()
        canonical, actor = flag_number(number), check_actor(actor)
        wanted = parse_kind(kind) if kind is not None else None
        self._claim()
        rows = [r for r in self._active_rows(canonical) if wanted is None or r.kind == wanted.value]
        if not rows:
            raise FlagError("not-flagged", f"该号码没有有效标记 (number {canonical} is not flagged)")
        moment = now()
        for row in rows:
            row.cleared_by, row.cleared_at, row.clear_reason = actor, max(moment, row.set_at), reason.strip()[:500]
            self._written(row, actor, "unflag-caller")
        return [_record(r) for r in rows]

    # -- reads --------------------------------------------------------------------------------------
    def active_for(self, number: str) -> list[CallerFlagRecord]:
        """The number's active flags (any form; an unparsable one is looked up as given), newest first."""
        return [_record(r) for r in self._active_rows(canonical_phone(number))]

    def history_for(self, number: str) -> list[CallerFlagRecord]:
        """Every flag the number ever had, cleared ones included, oldest first."""
        stmt = (select(CallerFlagRow).where(CallerFlagRow.number == canonical_phone(number))
                .order_by(CallerFlagRow.set_at, CallerFlagRow.id))
        return [_record(r) for r in self.session.scalars(stmt)]

    def flag_for(self, number: str) -> CallerFlag | None:
        """The screen pop's look-up (storage.screenpop.FlagLookup): the newest active flag of this
        canonical number with the setter's display name, in one query on ``ix_caller_flags_number_set_at``."""
        stmt = (select(CallerFlagRow, UserRow.display_name)
                .outerjoin(UserRow, UserRow.login == CallerFlagRow.set_by)
                .where(CallerFlagRow.number == number, CallerFlagRow.cleared_at.is_(None))
                .order_by(CallerFlagRow.set_at.desc()).limit(1))
        found = self.session.execute(stmt).first()
        if found is None:
            return None
        row, name = found
        kind = _kind(row.kind)
        return CallerFlag(kind=row.kind, note=row.reason, since=row.set_at, set_by=row.set_by,
                          set_by_name=name or "", article=row.article, label=kind.label if kind else row.kind)

    # -- sync ---------------------------------------------------------------------------------------
    def apply_remote(self, payload: dict[str, Any]) -> None:
        """Store a flag as the center sent it (a set, or the same row cleared later)."""
        values = {k: payload[k] for k in ("number", "kind", "reason", "article", "set_by", "cleared_by")}
        values.update(set_at=parse_iso(payload["set_at"]), clear_reason=payload.get("clear_reason") or "",
                      cleared_at=parse_iso(payload["cleared_at"]) if payload.get("cleared_at") else None)
        put_row(self.session, CallerFlagRow, payload["id"], values)

    # -- helpers ------------------------------------------------------------------------------------
    def _center_only(self) -> None:
        if self.recorder is not None and self.recorder.role == "desk":
            raise FlagError("center-only", "来电标记只能在中心设置或解除 (caller flags are set at the center only)")

    def _claim(self) -> None:
        if self.recorder is not None:
            self.recorder.claim()  # PostgreSQL: two admins flagging one number are serialised

    def _active_rows(self, canonical: str) -> list[CallerFlagRow]:
        stmt = (select(CallerFlagRow).where(CallerFlagRow.number == canonical, CallerFlagRow.cleared_at.is_(None))
                .order_by(CallerFlagRow.set_at.desc(), CallerFlagRow.id.desc()))
        return list(self.session.scalars(stmt))

    def _written(self, row: CallerFlagRow, actor: str, action: str) -> None:
        self.session.flush()
        if self.recorder is not None:
            self.recorder.record(ENTITY, row.id, _payload(row))
        if self.audit is not None:
            self.audit.record(actor, action, "caller", row.number, flag_id=row.id, kind=row.kind,
                              reason=row.clear_reason if row.cleared_at else row.reason, article=row.article)


def _kind(value: str) -> FlagKind | None:
    try:
        return FlagKind(value)
    except ValueError:  # a kind a newer center knows: shown by its value
        return None


def _payload(row: CallerFlagRow) -> dict[str, Any]:
    return {"id": row.id, "number": row.number, "kind": row.kind, "reason": row.reason, "article": row.article,
            "set_by": row.set_by, "set_at": row.set_at.isoformat(), "cleared_by": row.cleared_by,
            "cleared_at": row.cleared_at.isoformat() if row.cleared_at else None, "clear_reason": row.clear_reason}


def _record(row: CallerFlagRow) -> CallerFlagRecord:
    kind = _kind(row.kind)
    return CallerFlagRecord(id=row.id, number=row.number, kind=kind if kind is not None else row.kind,  # type: ignore[arg-type]
                            reason=row.reason, article=row.article, set_by=row.set_by, set_at=row.set_at,
                            cleared_by=row.cleared_by, cleared_at=row.cleared_at, clear_reason=row.clear_reason)


__all__ = ["ENTITY", "CallerFlagRepository"]
