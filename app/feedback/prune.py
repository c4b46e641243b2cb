"""Patients' comments are kept FEEDBACK_RETENTION_DAYS (a year unless set), then removed:
`flask --app app feedback prune`, run daily by the prune timer with the audit prune."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.audit.actions import Action
from app.audit.record import command_line_actor, record
from app.db.session import new_session
from app.db.transaction import committed
from app.feedback.models import Comment
from app.services import services


def prune(session: Session, days: int, today: dt.date, actor_name: str) -> int:
    """Remove comments written more than `days` days before `today`; how many went."""
    cutoff = today - dt.timedelta(days=days)
    with committed(session):
        removed = session.connection().execute(delete(Comment).where(Comment.day < cutoff)).rowcount
        record(session, Action.FEEDBACK_PRUNED, actor_name=actor_name, object_type="feedback",
               removed=removed, kept_days=days)  # fmt: skip
    return int(removed)


def register(app: Flask) -> None:
    @app.cli.group("feedback")
    def feedback() -> None:
        """Patients' feedback: counts and comments."""

    @feedback.command("prune")
    def prune_command() -> None:
        """Remove comments older than FEEDBACK_RETENTION_DAYS."""
        days = services().settings.feedback_retention_days
        with new_session(current_app) as session:
            removed = prune(session, days, dt.date.today(), command_line_actor())
        click.echo(f"Removed {removed} comment(s) older than {days} days.")
