"""`flask db upgrade` and `flask db current`: the schema of the app's database."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.db.session import database

group = AppGroup("db", help="The line's database.")


def register(app: Flask) -> None:
    """Add the `db` commands to `app` (which init_app has given an engine)."""
    app.cli.add_command(group)


@group.command("upgrade")
@with_appcontext
def upgrade() -> None:
    """Apply the shipped migrations to DATABASE_URL; does nothing when it is up to date."""
    from app.db import migrate  # Alembic: only for the commands that migrate

    engine = database(current_app).engine
    before = migrate.current(engine)
    migrate.upgrade(engine)
    after = migrate.current(engine)
    if before == after:
        click.echo(f"The database is up to date (revision {after}).")
    else:
        click.echo(f"Upgraded the database from {before or 'empty'} to revision {after}.")


@group.command("current")
@with_appcontext
def current() -> None:
    """Say which revision the database is at, and whether it is the newest."""
    from app.db import migrate

    revision = migrate.current(database(current_app).engine)
    head = migrate.head()
    if revision is None:
        click.echo(f"The database has no tables yet: run `flask db upgrade` (to {head}).")
    elif revision == head:
        click.echo(f"{revision} (the newest)")
    else:
        click.echo(f"{revision}; the newest is {head}: run `flask db upgrade`.")
