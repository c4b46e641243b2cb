"""Alembic migrations, run from code: no alembic.ini is needed where the line runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from app.db.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: two deploys migrating one PostgreSQL database at once take turns.
_LOCK_KEY = 0x6E6D6C696E65


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code, using `connection` when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the database up to `revision`; does nothing when it is there already."""
    with _connection(engine_or_url) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        command.upgrade(config(connection), revision)


def downgrade(engine_or_url: Engine | str, revision: str) -> None:
    """Take the database back to `revision` ("base": no tables of ours at all)."""
    with _connection(engine_or_url) as connection:
        command.downgrade(config(connection), revision)


def current(engine_or_url: Engine | str) -> str | None:
    """The revision the database is at, or None before the first migration."""
    with _connection(engine_or_url) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest revision shipped with the code."""
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None, "no migrations are shipped"
    return found


@contextmanager
def _connection(engine_or_url: Engine | str) -> Iterator[Connection]:
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()
