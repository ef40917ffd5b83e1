"""phones and calls: tickets.caller_phone canonical with caller_phone_raw beside it; call_id, interaction_id; ticket_calls

Existing rows: caller_phone_raw takes the stored number; caller_phone becomes its canonical form
(hotline.phones.canonical_phone, the function every write path uses; a number that does not parse
keeps its value). The call of a ticket made during one (its CREATED event's call_id and
interaction_id) fills the new columns and ``ticket_calls``. Each changed ticket's stored view gets
the same values, so what ``get`` returns agrees with the columns until the ticket is next folded.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from hotline.phones import canonical_phone
from hotline.timezone import to_cst
from storage.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 1000


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


_tickets = sa.table(
    "tickets", sa.column("id", sa.String), sa.column("caller_phone", sa.String),
    sa.column("caller_phone_raw", sa.String), sa.column("call_id", sa.String),
    sa.column("interaction_id", sa.String), sa.column("view", _json()),
)
_events = sa.table(
    "ticket_events", sa.column("id", sa.String), sa.column("ticket_id", sa.String), sa.column("kind", sa.String),
    sa.column("status", sa.String), sa.column("at", UTCDateTime()), sa.column("origin", sa.String),
    sa.column("data", _json()),
)
_calls = sa.table(
    "ticket_calls", sa.column("ticket_id", sa.String), sa.column("call_id", sa.String),
    sa.column("interaction_id", sa.String), sa.column("linked_at", UTCDateTime()), sa.column("origin", sa.String),
    sa.column("event_id", sa.String),
)


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("caller_phone_raw", sa.String(length=80), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("call_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("interaction_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_tickets_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_interaction_id"), ["interaction_id"], unique=False)

    op.create_table("ticket_calls",
    sa.Column("ticket_id", sa.String(length=36), nullable=False),
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.Column("interaction_id", sa.String(length=64), nullable=True),
    sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("origin", sa.String(length=80), nullable=False),
    sa.Column("event_id", sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_calls_ticket_id_tickets"),
                            ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("ticket_id", "call_id", name=op.f("pk_ticket_calls"))
    )
    with op.batch_alter_table("ticket_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_calls_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ticket_calls_interaction_id"), ["interaction_id"], unique=False)

    bind = op.get_bind()
    bind.execute(_tickets.update().values(caller_phone_raw=_tickets.c.caller_phone))
    _normalize_phones(bind)
    _fill_calls(bind)


def _normalize_phones(bind):
    """caller_phone -> its canonical form, one distinct number at a time (the caller index finds its rows)."""
    stored = bind.execute(sa.select(_tickets.c.caller_phone).distinct().where(_tickets.c.caller_phone != ""))
    changed = {old: new for old in stored.scalars() if (new := canonical_phone(old)) != old}
    for old, new in changed.items():
        rows = bind.execute(sa.select(_tickets.c.id, _tickets.c.view).where(_tickets.c.caller_phone == old)).all()
        for start in range(0, len(rows), BATCH):
            _update(bind, [
                {"b_id": r.id, "caller_phone": new, "view": {**r.view, "caller_phone": new, "caller_phone_raw": old}}
                for r in rows[start:start + BATCH]
            ])


def _update(bind, rows):
    stmt = (_tickets.update().where(_tickets.c.id == sa.bindparam("b_id"))
            .values({key: sa.bindparam(key) for key in rows[0] if key != "b_id"}))
    bind.execute(stmt, rows)


def _fill_calls(bind):
    """The call each ticket was made during, from its accepted CREATED event."""
    if bind.dialect.name == "postgresql":
        has_call = sa.text("(ticket_events.data ->> 'call_id') IS NOT NULL")
    else:
        has_call = sa.text("json_extract(ticket_events.data, '$.call_id') IS NOT NULL")
    created = bind.execute(
        sa.select(_events.c.id, _events.c.ticket_id, _events.c.at, _events.c.origin, _events.c.data)
        .where(_events.c.kind == "created", _events.c.status == "accepted", has_call)
    ).all()
    views = dict(bind.execute(sa.select(_tickets.c.id, _tickets.c.view)
                              .where(_tickets.c.id.in_([e.ticket_id for e in created]))).all()) if created else {}
    updates, links = [], []
    for e in created:
        call_id, interaction = str(e.data.get("call_id") or ""), str(e.data.get("interaction_id") or "")
        if not call_id or e.ticket_id not in views:
            continue
        at = to_cst(e.at)
        link = {"call_id": call_id, "interaction_id": interaction, "linked_at": at.isoformat(), "origin": e.origin,
                "event_id": e.id}
        view = {**views[e.ticket_id], "call_id": call_id, "interaction_id": interaction, "calls": [link]}
        updates.append({"b_id": e.ticket_id, "call_id": call_id, "interaction_id": interaction or None, "view": view})
        links.append({**link, "ticket_id": e.ticket_id, "interaction_id": interaction or None, "linked_at": at})
    for start in range(0, len(updates), BATCH):
        _update(bind, updates[start:start + BATCH])
        bind.execute(_calls.insert(), links[start:start + BATCH])


def downgrade():
    bind = op.get_bind()
    bind.execute(_tickets.update().where(_tickets.c.caller_phone_raw != "")
                 .values(caller_phone=_tickets.c.caller_phone_raw))
    with op.batch_alter_table("ticket_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_calls_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_ticket_calls_call_id"))
    op.drop_table("ticket_calls")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_tickets_call_id"))
        batch_op.drop_column("interaction_id")
        batch_op.drop_column("call_id")
        batch_op.drop_column("caller_phone_raw")
