"""`flask --app app procedures list | enable ID --confirmed-by NAME | disable ID`: the
department's scans from a shell, for set-up scripts and tests (the editor does the same)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.audit.record import command_line_actor
from app.content.loader import languages, procedures
from app.content.model import ContentError
from app.content.procedures import file_name
from app.db.session import new_session
from app.editor.procedure_switch import switch
from app.editor.publish import EditorError
from app.services import services

procedures_cli = AppGroup("procedures", help="The department's scans: list, switch on or off.")


@procedures_cli.command("list")
def list_scans() -> None:
    """Each scan: on or off, who confirmed its numbers, and its languages."""
    content = services().settings.content_dir
    try:
        found = procedures(content)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc
    langs = languages(content)
    for p in found:
        state = "on " if p.live else "off"
        had = [
            lang
            for lang in langs
            if (content / file_name(p.id, "" if lang == "en" else f".{lang}")).is_file()
        ]
        who = (
            f"confirmed by {p.confirmed_by} on {p.confirmed_on}"
            if p.confirmed
            else "numbers not confirmed"
        )
        dev = " (development data)" if p.development else ""
        click.echo(f"{p.id:<24} {state} {who}{dev}; {', '.join(had)}")
    click.echo(f"{sum(p.live for p in found)} of {len(found)} scan(s) on.")


def _switch(procedure_id: str, on: bool, actor: str, confirmed_by: str = "",
            development: bool = False, wait: bool = True) -> None:  # fmt: skip
    content = services().settings.content_dir
    with new_session(current_app) as session:
        try:
            number, waiting = switch(session, content, procedure_id, actor, on, confirmed_by,
                                     development, wait_for_audio=wait)  # fmt: skip
        except EditorError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{procedure_id} is {'on' if on else 'off'} (version {number}).")
    if waiting:
        click.echo(f"  {waiting} of its audio item(s) queued for the workers; until they are "
                   "made, callers hear those words in the phone's own voice.")  # fmt: skip


@procedures_cli.command("enable")
@click.argument("procedure_ids", metavar="ID...", nargs=-1, required=True)
@click.option("--confirmed-by", required=True,
              help="Who in the department confirmed this scan's numbers.")  # fmt: skip
@click.option("--development", is_flag=True, help="Mark it as development data.")
@click.option("--queue-audio", is_flag=True,
              help="Do not make its audio first: queue it for the workers.")  # fmt: skip
def enable(
    procedure_ids: tuple[str, ...], confirmed_by: str, development: bool, queue_audio: bool
) -> None:
    """Switch scans on for callers, their numbers confirmed by NAME. Each one's audio is
    made first, so the first caller hears it played (unless --queue-audio)."""
    actor = f"{' '.join(confirmed_by.split())}, from the {command_line_actor()}"
    for procedure_id in procedure_ids:
        _switch(procedure_id, True, actor, confirmed_by, development, not queue_audio)


@procedures_cli.command("disable")
@click.argument("procedure_id", metavar="ID")
def disable(procedure_id: str) -> None:
    """Switch a scan off: gone from menus, speech, texts and pages at once."""
    _switch(procedure_id, False, command_line_actor())
