"""player: QA scores, marks on recordings, and the recordings browser's search indexes

The ``recordings`` table is the recording store's (0008); this adds the browser's indexes to it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 03:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

#: the browser's indexes on recordings (storage.recording_search.SEARCH_INDEXES has the same)
SEARCH_INDEXES = {
    "ix_recordings_search_started": ["started_at", "id"],
    "ix_recordings_search_caller": ["caller", "started_at", "id"],
    "ix_recordings_search_queue": ["queue", "started_at", "id"],
}


def upgrade():
    for name, columns in SEARCH_INDEXES.items():
        op.create_index(name, "recordings", columns, unique=False)
    op.create_table("qa_scores",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("recording_id", sa.String(length=36), nullable=False),
    sa.Column("agent", sa.String(length=40), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("scorer", sa.String(length=40), nullable=False),
    sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("form_version", sa.String(length=40), nullable=False),
    sa.Column("scores", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.Column("total", sa.Float(), nullable=False),
    sa.Column("comment", sa.Text(), nullable=False),
    sa.Column("current", sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_scores")),
    )
    op.create_index("ix_qa_scores_recording_id_current", "qa_scores", ["recording_id", "current"], unique=False)
    op.create_index("ix_qa_scores_agent_scored_at", "qa_scores", ["agent", "scored_at"], unique=False)
    op.create_index("ix_qa_scores_current_started_at", "qa_scores", ["current", "started_at", "recording_id", "total"],
                    unique=False)
    op.create_table("recording_marks",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("recording_id", sa.String(length=36), nullable=False),
    sa.Column("at_ms", sa.Integer(), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.Column("author", sa.String(length=40), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_marks")),
    )
    op.create_index("ix_recording_marks_recording_id_at_ms", "recording_marks", ["recording_id", "at_ms"],
                    unique=False)


def downgrade():
    op.drop_table("recording_marks")
    op.drop_table("qa_scores")
    for name in SEARCH_INDEXES:
        op.drop_index(name, table_name="recordings")
