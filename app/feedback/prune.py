"""Patients' comments are kept FEEDBACK_RETENTION_DAYS (a year unless set), then removed:
`flask --app app feedback prune`, run daily by the prune timer with the audit prune."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from sqlalchemy.orm import Session

from app.audit.actions import Action
from app.audit.prune import prune_older
from app.audit.record import command_line_actor
from app.db.session import new_session
from app.db.transaction import committed
from app.feedback.models import Comment
from app.services import services


def prune(session: Session, days: int, today: dt.date, actor_name: str) -> int:
    """Remove comments written more than `days` days before `today`; how many went."""
    cutoff = today - dt.timedelta(days=days)
    with committed(session):
        day = Comment.__table__.c.day
        return prune_older(session, day, cutoff, Action.FEEDBACK_PRUNED, object_type="feedback",
                           actor_name=actor_name, kept_days=days)  # fmt: skip


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
