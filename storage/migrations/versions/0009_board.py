"""board: the director's live mirror, board_waiting and board_agents (storage/board_tables.py)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("board_waiting",
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.Column("queue", sa.String(length=40), nullable=False),
    sa.Column("caller", sa.String(length=80), nullable=False),
    sa.Column("priority", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("agent", sa.String(length=40), nullable=False),
    sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("call_id", name=op.f("pk_board_waiting")),
    )
    op.create_index("ix_board_waiting_position", "board_waiting", ["position"], unique=False)
    op.create_table("board_agents",
    sa.Column("agent", sa.String(length=40), nullable=False),
    sa.Column("state", sa.String(length=16), nullable=False),
    sa.Column("reason", sa.String(length=80), nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=True),
    sa.Column("registered", sa.Boolean(), nullable=False),
    sa.Column("call_id", sa.String(length=255), nullable=False),
    sa.Column("call_queue", sa.String(length=40), nullable=False),
    sa.Column("call_started", sa.DateTime(timezone=True), nullable=True),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("agent", name=op.f("pk_board_agents")),
    )


def downgrade():
    op.drop_table("board_agents")
    op.drop_index("ix_board_waiting_position", table_name="board_waiting")
    op.drop_table("board_waiting")
