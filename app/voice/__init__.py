"""The phone call: Twilio's voice webhooks answered with TwiML.

flow (what each key does in each place) -> moves (a key's action) and steps (each place
as TwiML, pure given a call.Line) -> twiml (the documents); keys and choices read what a
caller pressed or said; hours are the department's; views are the thin routes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Twilio's voice webhooks (/voice) and `flask voice keys`."""
    from app.voice import callback, cli, views  # noqa: F401 (callback's webhooks join views.bp)

    app.register_blueprint(views.bp)
    # Protected by Twilio's signature instead; they never see a browser form.
    app.extensions["csrf"].exempt(views.bp)
    app.cli.add_command(cli.voice_cli)
