"""`flask --app app twilio ...`: what to paste into the Twilio console."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.core.hours import HoursError
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
    try:
        hours = (
            settings.hours.describe(
                services().speaker.library.prompts  # the fallback is English
            )
            if settings.hours
            else ""
        )
        documents = {
            "voice": voice_fallback(settings.department_phone, hours),
            "sms": sms_fallback(settings.department_phone),
        }
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
