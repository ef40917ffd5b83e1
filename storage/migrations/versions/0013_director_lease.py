"""director lease: the one row per center naming which director process leads the queues

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("director_lease",
    sa.Column("name", sa.String(length=40), nullable=False),
    sa.Column("holder", sa.String(length=120), nullable=False),
    sa.Column("epoch", sa.BigInteger(), nullable=False),
    sa.Column("expires_at", sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint("name", name=op.f("pk_director_lease")),
    )


def downgrade():
    op.drop_table("director_lease")
