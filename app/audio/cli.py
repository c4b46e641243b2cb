"""`flask --app app audio ...`: keep the audio in step with the content."""

from __future__ import annotations

import time
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup
from rq import Queue

from app.audio.enqueue import reconcile
from app.audio.manifest import prune as prune_files
from app.audio.speaker import Speaker
from app.audio.status import ItemState, item_states, job_id
from app.services import services

audio_cli = AppGroup("audio", help="Render and inspect the line's audio.")


def _context() -> tuple[Speaker, Queue]:
    return services().speaker, services().audio_queue


def _wait(speaker: Speaker, queue: Queue, queued: list[ItemState], timeout: float) -> None:
    """A progress bar until every queued render is fresh or failed."""
    ids = {s.item.id for s in queued}
    deadline = time.monotonic() + timeout
    bar: Any
    with click.progressbar(length=len(ids), label="Rendering") as bar:
        done = 0
        while True:
            states = [
                s for s in item_states(speaker.items(), speaker.audio_dir, speaker.engine, queue)
                if s.item.id in ids
            ]  # fmt: skip
            finished = [s for s in states if s.state in ("fresh", "failed")]
            bar.update(len(finished) - done)
            done = len(finished)
            if done == len(ids) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    for state in states:
        if state.state == "failed":
            click.echo(f"failed  {state.item.id}: {state.reason}")
    if done < len(ids):
        raise click.ClickException(
            f"{len(ids) - done} render(s) not finished: is a worker running?"
        )


@audio_cli.command("sync")
@click.option("--inline", is_flag=True, help="Render here and now, without Redis or a worker.")
@click.option("--wait", "wait", is_flag=True, help="Show progress until the renders are done.")
@click.option("--timeout", default=600, show_default=True, help="Seconds --wait waits.")
def sync(inline: bool, wait: bool, timeout: int) -> None:
    """Queue a render for every item whose audio is missing or out of date."""
    speaker, queue = _context()
    items = speaker.items()
    if inline:
        from app.audio.render import AudioConfig, render_item  # only here: it needs ffmpeg

        config = AudioConfig(services().settings.content_dir, speaker.audio_dir,
                             speaker.engine, pace_seconds=0)  # fmt: skip
        stale = [s for s in item_states(items, speaker.audio_dir, speaker.engine, None)
                 if s.state != "fresh"]  # fmt: skip
        for state in stale:
            click.echo(f"{render_item(config, state.item.id, state.digest):>16}  {state.item.id}")
        click.echo(f"{len(stale)} item(s) rendered.")
        return
    intervals = services().settings.audio_retry_intervals
    queued, stale = reconcile(items, speaker.audio_dir, speaker.engine, queue, intervals)
    for state in queued:
        click.echo(f"queued  {state.item.id}  ({job_id(state.item.id, state.digest)})")
    click.echo(
        f"{len(queued)} render(s) queued; {len(stale) - len(queued)} already queued; "
        f"{len(items) - len(stale)} item(s) fresh."
    )
    if wait and stale:
        _wait(speaker, queue, stale, timeout)


@audio_cli.command("status")
def status() -> None:
    """Show every spoken item and the state of its audio."""
    speaker, queue = _context()
    for state in item_states(speaker.items(), speaker.audio_dir, speaker.engine, queue):
        detail = state.reason or (f"{state.duration:.1f} s" if state.duration else "")
        click.echo(f"{state.state:<10} {state.item.id:<44} {detail}")


@audio_cli.command("prune")
@click.option(
    "--grace-hours",
    default=24.0,
    show_default=True,
    help="Keep replaced audio this long: calls in progress may still fetch it.",
)
def prune(grace_hours: float) -> None:
    """Delete audio files no item uses any more, after the grace period."""
    speaker, _ = _context()
    removed = prune_files(speaker.audio_dir, grace_hours * 3600)
    for name in removed:
        click.echo(f"removed {name}")
    click.echo(f"{len(removed)} file(s) removed.")


def register(app: Flask) -> None:
    app.cli.add_command(audio_cli)
