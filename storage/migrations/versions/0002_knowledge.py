"""knowledge base: articles and their published versions (PostgreSQL: tsvector + GIN for the center's search)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:48:50.425893
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("article_versions",
    sa.Column("article_id", sa.String(length=36), nullable=False),
    sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("category", sa.String(length=60), nullable=False),
    sa.Column("unit_id", sa.String(length=36), nullable=True),
    sa.Column("tags", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.Column("standard", sa.Boolean(), nullable=False),
    sa.Column("effective_from", sa.Date(), nullable=True),
    sa.Column("expires_on", sa.Date(), nullable=True),
    sa.Column("review_by", sa.Date(), nullable=True),
    sa.Column("edited_by", sa.String(length=80), nullable=False),
    sa.Column("approved_by", sa.String(length=80), nullable=False),
    sa.Column("published_by", sa.String(length=80), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("article_id", "version", name=op.f("pk_article_versions"))
    )
    op.create_table("articles",
    sa.Column("id", sa.String(length=36), nullable=False),
    sa.Column("key", sa.String(length=200), nullable=True),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("category", sa.String(length=60), nullable=False),
    sa.Column("unit_id", sa.String(length=36), nullable=True),
    sa.Column("tags", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.Column("standard", sa.Boolean(), nullable=False),
    sa.Column("effective_from", sa.Date(), nullable=True),
    sa.Column("expires_on", sa.Date(), nullable=True),
    sa.Column("review_by", sa.Date(), nullable=True),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("revision", sa.Integer(), nullable=False),
    sa.Column("published_version", sa.Integer(), nullable=False),
    sa.Column("edited_by", sa.String(length=80), nullable=False),
    sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("approved_by", sa.String(length=80), nullable=True),
    sa.Column("created_by", sa.String(length=80), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.Column("local_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    sa.UniqueConstraint("key", name=op.f("uq_articles_key"))
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_local_seq"), ["local_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_review_by"), ["review_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_unit_id"), ["unit_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # the center's own search: storage.search.segment.tsvector_source(title, tags, body), kept by
        # storage.knowledge.repository whenever a version is stored
        op.add_column("article_versions", sa.Column("search_tsv", postgresql.TSVECTOR(), nullable=True))
        op.create_index("ix_article_versions_search_tsv", "article_versions", ["search_tsv"],
                        postgresql_using="gin")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_article_versions_search_tsv", table_name="article_versions")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_unit_id"))
        batch_op.drop_index(batch_op.f("ix_articles_status"))
        batch_op.drop_index(batch_op.f("ix_articles_review_by"))
        batch_op.drop_index(batch_op.f("ix_articles_local_seq"))
        batch_op.drop_index(batch_op.f("ix_articles_category"))

    op.drop_table("articles")
    op.drop_table("article_versions")
