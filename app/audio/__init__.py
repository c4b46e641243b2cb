"""The line's audio: every spoken item rendered to an MP3 named by a hash of its sound.

items (what is spoken) -> names (content-addressed files) -> manifest (which is current)
-> status / enqueue (what needs rendering, queued once) -> render + engines + encode +
levels (the job's work) -> speaker (<Play> or <Say> for a call) -> views (serving)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Serve the audio files (/audio) and add `flask audio` (sync, status, prune)."""
    from app.audio import cli, views

    app.register_blueprint(views.bp)
    cli.register(app)


def schedule() -> None:
    """The audio's jobs on rq's clock (app/cron.py): the reconcile."""
    from app.audio import cron

    cron.schedule()
