"""telephony center: queue events, agent-state changes, agents now, per-call records (CDR)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table("queue_events",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("kind", sa.String(length=24), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.Column("queue", sa.String(length=40), nullable=False),
    sa.Column("agent", sa.String(length=40), nullable=False),
    sa.Column("caller", sa.String(length=80), nullable=False),
    sa.Column("data", _json(), nullable=False),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_events"))
    )
    with op.batch_alter_table("queue_events", schema=None) as batch_op:
        batch_op.create_index("ix_queue_events_at_id", ["at", "id"], unique=False)
        batch_op.create_index("ix_queue_events_call_id", ["call_id"], unique=False)

    op.create_table("agent_states",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("agent", sa.String(length=40), nullable=False),
    sa.Column("state", sa.String(length=16), nullable=False),
    sa.Column("reason", sa.String(length=80), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_states"))
    )
    with op.batch_alter_table("agent_states", schema=None) as batch_op:
        batch_op.create_index("ix_agent_states_agent_at", ["agent", "at"], unique=False)

    op.create_table("agent_now",
    sa.Column("agent", sa.String(length=40), nullable=False),
    sa.Column("state", sa.String(length=16), nullable=False),
    sa.Column("reason", sa.String(length=80), nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False),
    sa.Column("event_id", sa.String(length=36), nullable=False),
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint("agent", name=op.f("pk_agent_now"))
    )

    op.create_table("calls",
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.Column("caller", sa.String(length=80), nullable=False),
    sa.Column("dialled", sa.String(length=40), nullable=False),
    sa.Column("district", sa.String(length=40), nullable=False),
    sa.Column("queue", sa.String(length=40), nullable=False),
    sa.Column("priority", sa.Integer(), nullable=False),
    sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("offered_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("offers", sa.Integer(), nullable=False),
    sa.Column("no_answers", sa.Integer(), nullable=False),
    sa.Column("agent", sa.String(length=40), nullable=False),
    sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("wait_s", sa.Float(), nullable=True),
    sa.Column("talk_s", sa.Float(), nullable=True),
    sa.Column("outcome", sa.String(length=16), nullable=False),
    sa.Column("abandoned_while", sa.String(length=16), nullable=False),
    sa.Column("overflow_kind", sa.String(length=16), nullable=False),
    sa.Column("overflow_target", sa.String(length=40), nullable=False),
    sa.Column("overflow_why", sa.String(length=16), nullable=False),
    sa.Column("transferred_to", sa.String(length=80), nullable=False),
    sa.Column("conferenced", _json(), nullable=False),
    sa.Column("ticket_id", sa.String(length=36), nullable=True),
    sa.Column("note", sa.Text(), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("call_id", name=op.f("pk_calls"))
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index("ix_calls_queue_queued_at", ["queue", "queued_at"], unique=False)
        batch_op.create_index("ix_calls_outcome", ["outcome"], unique=False)
        batch_op.create_index("ix_calls_caller", ["caller"], unique=False)


def downgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index("ix_calls_caller")
        batch_op.drop_index("ix_calls_outcome")
        batch_op.drop_index("ix_calls_queue_queued_at")
    op.drop_table("calls")
    op.drop_table("agent_now")
    with op.batch_alter_table("agent_states", schema=None) as batch_op:
        batch_op.drop_index("ix_agent_states_agent_at")
    op.drop_table("agent_states")
    with op.batch_alter_table("queue_events", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_events_call_id")
        batch_op.drop_index("ix_queue_events_at_id")
    op.drop_table("queue_events")
