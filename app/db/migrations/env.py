"""Alembic's entry point: migrates the connection app.db.migrate hands it, or a URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

# Imported so that their tables are in Base.metadata, for autogenerate and comparisons.
import app.accounts.models
import app.ask.models
import app.audit.models
import app.callbacks.models
import app.department.models
import app.editor.models
import app.feedback.models
import app.recordings.models  # noqa: F401
from app.db.engine import make_engine
from app.db.model import Base

target_metadata = Base.metadata
config = context.config


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite can alter a table only by copying it: batch mode does that for later
        # migrations.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    if context.is_offline_mode():
        # `alembic upgrade --sql`: the SQL for a database administrator to read and run.
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=target_metadata,
            literal_binds=True,
            dialect_opts={"paramstyle": "named"},
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.begin() as own:
            _configure(own)
    finally:
        engine.dispose()


_run()
