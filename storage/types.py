"""Column types shared by the tables: aware datetimes stored as UTC on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from hotline.timezone import to_cst

# A 64-bit key that is still SQLite's autoincrementing ROWID alias.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# JSON documents; JSONB on PostgreSQL.
Json = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime: written as UTC (naive UTC text on SQLite, timestamptz on PostgreSQL), read back in CST.

    Naive UTC text on SQLite keeps ``ORDER BY`` and range comparisons correct as plain string order.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps aware times only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def bind_processor(self, dialect: Dialect) -> Any:
        """On SQLite one step: aware -> UTC -> the text SQLite's DATETIME writes (the push writes
        tens of thousands of these; the two-layer processor of a TypeDecorator was a tenth of it)."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError(f"naive datetime {value!r}: the store keeps aware times only")
            # the format of sqlalchemy.dialects.sqlite.DATETIME: "%Y-%m-%d %H:%M:%S.%f"
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

        return process

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return to_cst(value)
