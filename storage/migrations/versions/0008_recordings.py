"""recordings: recordings, recording_calls (synced) and recording_uploads (a desk's upload queue)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 03:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table("recordings",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("interaction_id", sa.String(length=64), nullable=False),
    sa.Column("call_ids", _json(), nullable=False),
    sa.Column("agent", sa.String(length=80), nullable=False),
    sa.Column("caller", sa.String(length=80), nullable=False),
    sa.Column("queue", sa.String(length=40), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("duration_s", sa.Float(), nullable=False),
    sa.Column("size_bytes", sa.Integer(), nullable=False),
    sa.Column("sha256", sa.String(length=64), nullable=False),
    sa.Column("codec", sa.String(length=24), nullable=False),
    sa.Column("store_path", sa.String(length=255), nullable=False),
    sa.Column("state", sa.String(length=16), nullable=False),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("problem", sa.String(length=500), nullable=False),
    sa.Column("origin", sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_recordings")),
    sa.UniqueConstraint("store_path", name=op.f("uq_recordings_store_path")),
    )
    op.create_index("ix_recordings_interaction_id", "recordings", ["interaction_id"], unique=False)
    op.create_index("ix_recordings_state", "recordings", ["state"], unique=False)
    op.create_index("ix_recordings_started_at", "recordings", ["started_at"], unique=False)
    op.create_index("ix_recordings_agent_started_at", "recordings", ["agent", "started_at"], unique=False)
    op.create_table("recording_calls",
    sa.Column("recording_id", sa.String(length=36), nullable=False),
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(["recording_id"], ["recordings.id"], name=op.f("fk_recording_calls_recording_id_recordings"),
                            ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("recording_id", "call_id", name=op.f("pk_recording_calls")),
    )
    op.create_index("ix_recording_calls_call_id", "recording_calls", ["call_id"], unique=False)
    op.create_table("recording_uploads",
    sa.Column("recording_id", sa.String(length=36), nullable=False),
    sa.Column("local_path", sa.Text(), nullable=False),
    sa.Column("manifest_path", sa.Text(), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False),
    sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_error", sa.String(length=500), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["recording_id"], ["recordings.id"],
                            name=op.f("fk_recording_uploads_recording_id_recordings"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("recording_id", name=op.f("pk_recording_uploads")),
    )
    op.create_index("ix_recording_uploads_next_try_at", "recording_uploads", ["next_try_at"], unique=False)


def downgrade():
    op.drop_index("ix_recording_uploads_next_try_at", table_name="recording_uploads")
    op.drop_table("recording_uploads")
    op.drop_index("ix_recording_calls_call_id", table_name="recording_calls")
    op.drop_table("recording_calls")
    for name in ("ix_recordings_agent_started_at", "ix_recordings_started_at", "ix_recordings_state",
                 "ix_recordings_interaction_id"):
        op.drop_index(name, table_name="recordings")
    op.drop_table("recordings")
