"""guard: the audit log's hash chain, ticket attachments, caller access, per-unit database users and their RLS

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-07 02:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0008"
branch_labels = None
depends_on = None

_DT = sa.DateTime(timezone=True)


def upgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("chain", sa.String(length=160), nullable=False, server_default=""))
        batch.add_column(sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""))
        batch.add_column(sa.Column("prev_id", sa.String(length=36), nullable=False, server_default=""))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=False, server_default=""))
        batch.create_index("ix_audit_log_chain_seq", ["chain", "seq"], unique=False)
    op.create_table("audit_node",
    sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
    sa.Column("node", sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_node")),
    )
    op.create_table("audit_chains",
    sa.Column("chain", sa.String(length=160), nullable=False),
    sa.Column("origin", sa.String(length=80), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(length=64), nullable=False),
    sa.Column("entry_id", sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_chains")),
    )
    op.create_table("ticket_attachments",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("ticket_id", sa.String(length=36), nullable=False),
    sa.Column("name", sa.String(length=255), nullable=False),
    sa.Column("content_type", sa.String(length=100), nullable=False),
    sa.Column("size", sa.BigInteger(), nullable=False),
    sa.Column("sha256", sa.String(length=64), nullable=False),
    sa.Column("added_by", sa.String(length=80), nullable=False),
    sa.Column("added_at", _DT, nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_attachments")),
    )
    op.create_index("ix_ticket_attachments_ticket_id", "ticket_attachments", ["ticket_id"], unique=False)
    op.create_table("caller_access",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("ticket_id", sa.String(length=36), nullable=False),
    sa.Column("unit_id", sa.String(length=36), nullable=True),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("decided_by", sa.String(length=80), nullable=False),
    sa.Column("decided_at", _DT, nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_caller_access")),
    )
    op.create_index("ix_caller_access_ticket_id_decided_at", "caller_access", ["ticket_id", "decided_at"],
                    unique=False)
    op.create_table("unit_db_users",
    sa.Column("role_name", sa.String(length=63), nullable=False),
    sa.Column("unit_id", sa.String(length=36), nullable=False),
    sa.Column("created_by", sa.String(length=80), nullable=False),
    sa.Column("created_at", _DT, nullable=False),
    sa.Column("rotated_at", _DT, nullable=True),
    sa.PrimaryKeyConstraint("role_name", name=op.f("pk_unit_db_users")),
    )
    op.create_index("ix_unit_db_users_unit_id", "unit_db_users", ["unit_id"], unique=False)
    _chain_existing(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        from storage.unit_policies import install

        install(op.get_bind())


def _chain_existing(conn):
    """Link the audit entries written before this migration into their origins' chains, oldest first."""
    from sqlalchemy.orm import Session

    from storage.audit_chain import entry_hash, node_id, note_head
    from storage.tables import AuditRow

    session = Session(bind=conn)
    node = node_id(session)
    seqs, prevs, prev_ids = {}, {}, {}
    for row in session.scalars(sa.select(AuditRow).order_by(AuditRow.origin, AuditRow.at, AuditRow.id)):
        chain = f"{row.origin or ''}#{node}"
        seq = seqs.get(chain, 0) + 1
        fields = {"chain": chain, "seq": seq, "prev_hash": prevs.get(chain, ""), "prev_id": prev_ids.get(chain, ""),
                  "id": row.id, "at": row.at,
                  "actor": row.actor, "action": row.action, "subject_kind": row.subject_kind,
                  "subject_id": row.subject_id, "detail": row.detail, "origin": row.origin}
        row.chain, row.seq, row.prev_hash, row.prev_id = chain, seq, fields["prev_hash"], fields["prev_id"]
        row.hash = entry_hash(fields)
        seqs[chain], prevs[chain], prev_ids[chain] = seq, row.hash, row.id
        session.flush()
        note_head(session, {**fields, "hash": row.hash})
    session.flush()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        from storage.unit_policies import uninstall

        uninstall(op.get_bind())
    op.drop_index("ix_unit_db_users_unit_id", table_name="unit_db_users")
    op.drop_table("unit_db_users")
    op.drop_index("ix_caller_access_ticket_id_decided_at", table_name="caller_access")
    op.drop_table("caller_access")
    op.drop_index("ix_ticket_attachments_ticket_id", table_name="ticket_attachments")
    op.drop_table("ticket_attachments")
    op.drop_table("audit_chains")
    op.drop_table("audit_node")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index("ix_audit_log_chain_seq")
        batch.drop_column("hash")
        batch.drop_column("prev_id")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
        batch.drop_column("chain")
