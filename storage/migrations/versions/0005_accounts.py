"""accounts: the users table (scrypt password hash, SIP HA1 at the center only)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("users",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("login", sa.String(length=40), nullable=False),
    sa.Column("display_name", sa.String(length=80), nullable=False),
    sa.Column("role", sa.String(length=24), nullable=False),
    sa.Column("unit_id", sa.String(length=36), nullable=True),
    sa.Column("sip_user", sa.String(length=16), nullable=True),
    sa.Column("password_hash", sa.String(length=200), nullable=False),
    sa.Column("sip_ha1", sa.String(length=32), nullable=True),
    sa.Column("disabled", sa.Boolean(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    sa.UniqueConstraint("sip_user", name=op.f("uq_users_sip_user")),
    )


def downgrade():
    op.drop_table("users")
