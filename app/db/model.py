"""The declarative base every model shares, and a UTC timestamp type."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Dialect, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Constraints named by rule, not by each database's own scheme, so that a migration written
# against SQLite drops or alters the same constraint on PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The base of every table the line keeps."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, states: type[StrEnum]) -> str:
    """A check that `column` holds one of `states`, for a CheckConstraint: status IN ('a', 'b')."""
    return f"{column} IN ({', '.join(repr(str(s)) for s in states)})"


def utcnow() -> datetime:
    """Now, in UTC, with its time zone."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC and always read back time-zone aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime has no time zone: give it one (UTC)")
        value = value.astimezone(UTC)
        # SQLite has no time zones: keep the UTC wall time, and say so when reading it back.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
