"""`flask --app app twilio ...`: what to paste into the Twilio console."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from app.core.hours import HoursError
from app.db.session import new_session
from app.department.store import current
from app.department.values import from_settings
from app.ops.fallback import FallbackError, sms_fallback, voice_fallback
from app.services import services

twilio_cli = AppGroup("twilio", help="Settings for the line's Twilio number.")

# Where each document goes in the Twilio console, on the line's phone number.
_WHERE = {
    "voice": 'Calls: a TwiML Bin with this, as Voice "Primary handler fails"',
    "sms": 'Texts: a TwiML Bin with this, as Messaging "Primary handler fails"',
}


@twilio_cli.command("fallback")
@click.option(
    "--only",
    type=click.Choice(["voice", "sms"]),
    default=None,
    help="Print just this document, with nothing around it (to save to a file).",
)
def fallback(only: str | None) -> None:
    """Print the TwiML Twilio uses when the line does not answer: calls, then texts."""
    settings = services().settings
    try:  # the department's own values, from the browser
        with new_session(current_app) as session:
            department = current(session, settings)
    except SQLAlchemyError:
        click.echo("The database did not answer: the environment's values are used.", err=True)
        department = from_settings(settings)
    found = department.hours()
    number = department.phone or department.transfer_to
    try:
        # The fallback is English.
        hours = found.describe(services().speaker.library.prompts) if found else ""
        documents = {"voice": voice_fallback(number, hours), "sms": sms_fallback(number)}
    except (FallbackError, HoursError) as exc:
        raise click.ClickException(str(exc)) from exc
    if only:
        click.echo(documents[only])
        return
    for kind, document in documents.items():
        click.echo(f"# {_WHERE[kind]}:")
        click.echo(document)
        click.echo()


def register(app: Flask) -> None:
    app.cli.add_command(twilio_cli)
