"""`flask --app app voice keys`: the key table, as the README shows it."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.voice.flow import keys_table

voice_cli = AppGroup("voice", help="The phone call's keys.")


@voice_cli.command("keys")
def keys() -> None:
    """Print what each key does in each place of a call (Markdown)."""
    click.echo(keys_table(), nl=False)
