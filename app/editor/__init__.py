"""Changing the words from the browser: drafts, clinical review, publishing, history.

The files in CONTENT_DIR stay the published form (the line reads only them); the database
keeps each file's versions and its open draft. documents (which file) -> fields and
yamledit (a form's fields as a file's text) -> validate (the draft as the line would read
it) -> workflow (save, submit, approve, send back) -> publish (the file written, the
version kept) -> history, translations, outside (diffs, behind English, files changed by
hand); audio (a draft's audio, rendered before it is published); views and cli."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Add `flask content import`, `export` and `reminders` to the content commands, and
    `flask procedures`. The editor's pages are inside the admin area (app.admin)."""
    from app.content.cli import content_cli
    from app.editor import cli
    from app.editor.procedures_cli import procedures_cli

    for command in cli.COMMANDS:
        content_cli.add_command(command)
    app.cli.add_command(procedures_cli)


def schedule() -> None:
    """The editor's jobs on rq's clock (app/cron.py): the review summary."""
    from app.editor import cron

    cron.schedule()
