"""Persistence: SQLAlchemy 2 tables, Alembic migrations, repositories, unit of work, sync."""
