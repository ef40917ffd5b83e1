"""caller flags: the caller_flags table (set at the center, cleared never deleted, synced to desks)

Revision ID: 0006
Revises: 0006
Create Date: 2026-11-24 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("caller_flags",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("number", sa.String(length=40), nullable=False),
    sa.Column("kind", sa.String(length=32), nullable=False),
    sa.Column("reason", sa.String(length=500), nullable=False),
    sa.Column("article", sa.String(length=120), nullable=False),
    sa.Column("set_by", sa.String(length=80), nullable=False),
    sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("cleared_by", sa.String(length=80), nullable=True),
    sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("clear_reason", sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_caller_flags")),
    )
    op.create_index("ix_caller_flags_number_set_at", "caller_flags", ["number", "set_at"], unique=False)


def downgrade():
    op.drop_index("ix_caller_flags_number_set_at", table_name="caller_flags")
    op.drop_table("caller_flags")
