"""`flask --app app audio ...`: keep the audio in step with the content."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.rendering import enqueue_render, item_states

audio_cli = AppGroup("audio", help="Render and inspect the line's audio.")


def _context() -> tuple:
    speaker = current_app.extensions["speaker"]
    return speaker, current_app.extensions["queues"]["audio"]


@audio_cli.command("sync")
@click.option("--inline", is_flag=True, help="Render here and now, without Redis or a worker.")
def sync(inline: bool) -> None:
    """Queue a render for every item whose audio is missing or out of date."""
    speaker, queue = _context()
    stale = [
        s
        for s in item_states(speaker.items(), speaker.audio_dir, speaker.engine, None)
        if s.state != "fresh"
    ]
    if inline:
        from workers.audio import render_audio

        for state in stale:
            click.echo(f"{render_audio(state.key, state.digest):>16}  {state.key}")
        click.echo(f"{len(stale)} item(s) rendered.")
        return
    queued = [s for s in stale if enqueue_render(queue, s.key, s.digest)]
    for state in queued:
        click.echo(f"queued  {state.key}")
    click.echo(
        f"{len(queued)} render(s) queued; {len(stale) - len(queued)} already queued; "
        f"{len(speaker.items()) - len(stale)} item(s) fresh."
    )


@audio_cli.command("status")
def status() -> None:
    """Show every spoken item and the state of its audio."""
    speaker, queue = _context()
    for state in item_states(speaker.items(), speaker.audio_dir, speaker.engine, queue):
        detail = state.reason or (f"{state.duration:.1f} s" if state.duration else "")
        click.echo(f"{state.state:<10} {state.key:<40} {detail}")


def register(app: Flask) -> None:
    app.cli.add_command(audio_cli)
