"""`flask --app app content import` and `export`: content between the files and the database;
`flask --app app content reminders`: what is due for review, printed or sent.

Import makes a version of every file whose words no version has yet (the first run, or a
file changed by hand, or content pulled from git), by the person at the shell. Export writes
each document's last version to a folder of its own (a git checkout, a new machine)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.audit.record import command_line_actor
from app.db.session import new_session
from app.editor import documents, outside, reminders
from app.editor.models import Version
from app.services import services


def _import(note: str) -> None:
    """Make a version of each file the editor does not have as it is."""
    content = services().settings.content_dir
    actor = command_line_actor()
    made = 0
    with new_session(current_app) as session:
        for key in documents.keys_on_disk(content):
            found = outside.changed(session, key, content)
            if found is None or found.on_disk is None:
                continue
            number = outside.accept(session, key, actor, content, note, origin="import")
            click.echo(f"version {number:<3} {key.lang}/{key.slug}")
            made += 1
    click.echo(f"{made} version(s) made; the rest were already in the editor as they are.")


def _export(folder: Path) -> None:
    """Write each document's last version into `folder`, created if need be."""
    content = services().settings.content_dir
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with new_session(current_app) as session:
        for key in documents.keys_on_disk(content):
            last = documents.latest(documents.find(session, key))
            if last is not None:
                key.path(folder).parent.mkdir(parents=True, exist_ok=True)
                key.path(folder).write_text(last.text, encoding="utf-8")
                written += 1
    click.echo(f"{written} file(s) written to {folder}.")


@click.command("import")
@click.option("--note", default="Imported from the content files.", show_default=True)
@click.option("--if-empty", is_flag=True,
              help="Only when the editor has no versions yet (a first start).")  # fmt: skip
@with_appcontext
def import_files(note: str, if_empty: bool) -> None:
    """Make a version of every content file the editor does not have as it is."""
    if if_empty:
        with new_session(current_app) as session:
            if session.scalar(select(Version.id).limit(1)) is not None:
                click.echo("The editor has versions already: a file changed by hand "
                           "waits for a reviewer (nothing imported).")  # fmt: skip
                return
    _import(note)


@click.command("export")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="The folder to write the files to.")  # fmt: skip
@with_appcontext
def export_files(folder: Path) -> None:
    """Write each document's last published version to a folder."""
    if folder.resolve() == services().settings.content_dir.resolve():
        raise click.ClickException(
            "Export to a folder of its own: the content folder is the line's published "
            "form, and a file changed there by hand is for a reviewer to accept or discard."
        )
    _export(folder)


@click.command("reminders")
@click.option("--send", is_flag=True, help="Send it to the configured address or webhook.")
@with_appcontext
def reminders_summary(send: bool) -> None:
    """Print what is due for review (the daily summary); --send sends it now."""
    settings, today = services().settings, dt.date.today()
    with new_session(current_app) as session:
        due = reminders.gathered(session, settings.content_dir, today)
        click.echo(reminders.summary(due, settings.public_base_url + "/admin/content", today))
        if not send:
            return
        if not reminders.destinations(settings):
            raise click.ClickException(reminders.NOT_SET_UP)
        try:
            _, sent = reminders.send_now(session, settings, command_line_actor(), today)
        except reminders.SendError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Sent to {' and '.join(sent)}.")


# The editor's commands in `flask content` (app.content.cli), added by app.editor.init_app.
COMMANDS = (import_files, export_files, reminders_summary)
