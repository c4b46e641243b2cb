"""`flask audit prune` removes entries past the retention period; `flask audit verify` checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.orm import Session

from app.audit.prune import prune
from app.audit.record import command_line_actor
from app.audit.verify import verify
from app.settings_values import DEFAULT_RETENTION_DAYS

group = AppGroup("audit", help="The audit trail of who did what.")


def register(app: Flask, session_factory: Callable[[Flask], Session]) -> None:
    """Add the `audit` commands to `app`, opening sessions with `session_factory(app)`."""
    app.extensions["audit_session_factory"] = session_factory
    app.cli.add_command(group)


@group.command("prune")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help=f"Keep this many days (default: AUDIT_RETENTION_DAYS, or {DEFAULT_RETENTION_DAYS}).",
)
@with_appcontext
def prune_command(days: int | None) -> None:
    """Remove audit entries older than the retention period."""
    if days is None:
        days = int(current_app.config.get("AUDIT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    session_factory = current_app.extensions["audit_session_factory"]
    with session_factory(current_app) as session:
        removed = prune(session, timedelta(days=days), actor_name=command_line_actor())
        session.commit()
    entries = "entry" if removed == 1 else "entries"
    click.echo(f"Removed {removed} audit {entries} older than {days} days.")


@group.command("verify")
@with_appcontext
def verify_command() -> None:
    """Check the hash chain of the whole trail; exit 1 at the first broken link."""
    session_factory = current_app.extensions["audit_session_factory"]
    with session_factory(current_app) as session:
        outcome = verify(session)
    if outcome.broken is not None:
        click.echo(
            f"The audit trail is broken: {outcome.broken} "
            f"({outcome.checked} entries before it hold).",
            err=True,
        )
        raise SystemExit(1)
    if not outcome.checked:
        click.echo("The audit trail has no entries yet.")
        return
    entries = "entry" if outcome.checked == 1 else "entries"
    click.echo(f"The audit trail holds: {outcome.checked} {entries} checked.")
    if outcome.newest_hash:
        # Kept somewhere else, it shows whether the trail was later rewritten from the start.
        click.echo(f"Newest entry's hash: {outcome.newest_hash}")
