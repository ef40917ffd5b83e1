"""The audit log's hash chain: each entry carries its chain, sequence, the previous entry's hash and its own.

A chain is one origin's entries written in one database (``chain = "<origin>#<node>"``, the node being
the database's own id from ``audit_node``), so a desk working offline keeps chaining and two desks
that happen to share an origin never fork one chain. Entries pulled or pushed from elsewhere keep
their chain fields as made; ``audit_chains`` remembers the highest sequence and hash each database
has seen of each chain, which is how a removed last entry is found.

``verify(session)`` re-reads every chain in sequence order and reports each entry that was changed
(its hash no longer matches its content), inserted (a sequence taken twice, a link to the wrong
predecessor, or an entry outside any chain) or removed (a gap in the sequence, or a tail shorter
than the head seen before), naming the origin, the sequence and the entry id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Table, insert, select, text, update
from sqlalchemy.orm import Session

from hotline.ids import new_id
from storage.guard_tables import AuditChainRow, AuditNodeRow
from storage.tables import AuditRow
from storage.upsert import insert_ignore


def entry_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of an entry's canonical JSON, its chain, sequence and predecessor's hash included."""
    at = fields["at"]
    moment = at.astimezone(UTC).isoformat(timespec="microseconds") if isinstance(at, datetime) else str(at)
    body = [fields["chain"], int(fields["seq"]), fields["prev_hash"], fields.get("prev_id") or "", fields["id"],
            moment, fields["actor"],
            fields["action"], fields["subject_kind"], fields["subject_id"], dict(fields.get("detail") or {}),
            fields.get("origin") or ""]
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_nodes: dict[str, str] = {}


def node_id(session: Session) -> str:
    """This database's node id (made once, the first time it is asked for; remembered per database URL)."""
    bind = session.get_bind()
    key = str(bind.url) if isinstance(bind, Engine) else ""  # a migration's connection: not remembered
    if key in _nodes:
        return _nodes[key]
    found = session.scalar(select(AuditNodeRow.node).where(AuditNodeRow.id == 1))
    if not found:
        insert_ignore(session, AuditNodeRow, [{"id": 1, "node": new_id()}], ["id"])
        found = session.scalar(select(AuditNodeRow.node).where(AuditNodeRow.id == 1))
    if key:
        _nodes[key] = str(found)
    return str(found)


def link(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` of a new local entry with chain, seq, prev_hash and hash set, the chain's head moved.

    The head row gives the next sequence, so an entry removed from the end leaves a gap the next one
    shows. On PostgreSQL the chain is locked for the rest of the transaction so concurrent writers of
    one origin take consecutive sequences; SQLite transactions here begin IMMEDIATE and so are serial.
    """
    chain = f"{fields.get('origin') or ''}#{node_id(session)}"
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:c))"), {"c": "audit:" + chain})
    table: Table = AuditChainRow.__table__  # type: ignore[assignment]
    head = session.execute(select(table.c.seq, table.c.hash, table.c.entry_id).where(table.c.chain == chain)).first()
    seq, prev, prev_id = (int(head[0]) + 1, str(head[1]), str(head[2])) if head else (1, "", "")
    out = {**fields, "chain": chain, "seq": seq, "prev_hash": prev, "prev_id": prev_id}
    out["hash"] = entry_hash(out)
    moved = {"seq": seq, "hash": out["hash"], "entry_id": out["id"]}
    if head:
        session.execute(update(table).where(table.c.chain == chain).values(**moved))
    else:
        session.execute(insert(table).values(chain=chain, origin=str(fields.get("origin") or ""), **moved))
    return out


def note_head(session: Session, fields: Mapping[str, Any]) -> None:
    """Remember the highest sequence seen of the entry's chain (kept when an older entry arrives later)."""
    chain, seq = fields.get("chain") or "", int(fields.get("seq") or 0)
    if not chain or seq <= 0:
        return
    table: Table = AuditChainRow.__table__  # type: ignore[assignment]
    moved = session.execute(update(table).where(table.c.chain == chain, table.c.seq < seq)
                            .values(seq=seq, hash=fields["hash"], entry_id=fields["id"])).rowcount
    if not moved:
        head = {"chain": chain, "origin": str(fields.get("origin") or ""), "seq": seq, "hash": fields["hash"],
                "entry_id": fields["id"]}
        insert_ignore(session, AuditChainRow, [head], ["chain"])


@dataclass(frozen=True)
class Problem:
    """One broken link: ``kind`` is changed | inserted | removed."""

    kind: str
    origin: str
    chain: str
    seq: int
    id: str
    why: str

    def line(self) -> str:
        """One line for the terminal."""
        return f"{self.kind:8} origin={self.origin or '-'} seq={self.seq} id={self.id or '-'}  {self.why}"


def verify(session: Session) -> tuple[int, list[Problem]]:
    """(entries checked, problems found) over every chain held in this database."""
    problems: list[Problem] = []
    checked = 0
    heads = {h.chain: h for h in session.scalars(select(AuditChainRow))}
    rows = session.scalars(select(AuditRow).order_by(AuditRow.chain, AuditRow.seq, AuditRow.id))
    chain_rows: list[AuditRow] = []
    for row in rows:
        checked += 1
        if chain_rows and chain_rows[-1].chain != row.chain:
            problems.extend(_check_chain(chain_rows, heads.pop(chain_rows[-1].chain, None)))
            chain_rows = []
        chain_rows.append(row)
    if chain_rows:
        problems.extend(_check_chain(chain_rows, heads.pop(chain_rows[-1].chain, None)))
    for head in heads.values():  # a chain whose every entry is gone
        problems.append(Problem("removed", head.origin, head.chain, head.seq, head.entry_id,
                                f"the whole chain is missing (its head was seq {head.seq})"))
    return checked, problems


def _valid(row: AuditRow) -> bool:
    fields = {c: getattr(row, c) for c in ("chain", "seq", "prev_hash", "prev_id", "id", "at", "actor", "action",
                                           "subject_kind", "subject_id", "detail", "origin")}
    return entry_hash(fields) == row.hash


def _check_chain(rows: list[AuditRow], head: AuditChainRow | None) -> Iterator[Problem]:
    if not rows[0].chain or not rows[0].hash:
        for row in rows:
            yield Problem("inserted", row.origin, "", row.seq or 0, row.id, "an entry outside any chain")
        return
    by_seq: dict[int, list[AuditRow]] = {}
    for row in rows:
        by_seq.setdefault(int(row.seq), []).append(row)
    expected, prev_hash, prev_seq = 1, "", 0
    for seq in sorted(by_seq):
        same = by_seq[seq]
        # of several entries claiming one sequence, the one that verifies and links is the original
        same.sort(key=lambda r: (not (_valid(r) and r.prev_hash == prev_hash), r.id))
        row = same[0]
        for extra in same[1:]:
            yield Problem("inserted", extra.origin, extra.chain, seq, extra.id, f"a second entry with seq {seq}")
        if not _valid(row):
            yield Problem("changed", row.origin, row.chain, seq, row.id, "its content no longer matches its hash")
        if seq > expected:
            gap = f"seq {expected}" if seq == expected + 1 else f"seq {expected}–{seq - 1}"
            yield Problem("removed", row.origin, row.chain, expected, row.prev_id if seq == expected + 1 else "",
                          f"{gap} missing before seq {seq} ({row.id})")
        elif row.prev_hash != prev_hash:
            yield Problem("inserted", row.origin, row.chain, seq, row.id, "its link does not match the entry before it")
        expected, prev_hash, prev_seq = seq + 1, row.hash, seq
    if head is not None and head.seq > prev_seq:
        one = head.seq == prev_seq + 1
        yield Problem("removed", rows[-1].origin, rows[-1].chain, prev_seq + 1, head.entry_id if one else "",
                      f"the chain ends at seq {prev_seq}, its head was seq {head.seq} ({head.entry_id})")
