"""Running the line: /healthz, /readyz and /metrics, a request id and access line for every
request, and the TwiML Twilio falls back to when the line is down. (The daily counts, JSON
logs and measures they read are foundations, in app.core.)"""

from __future__ import annotations

import logging

from flask import Flask


def init_app(app: Flask) -> None:
    """/healthz, /readyz, /metrics; `flask twilio`; a request id and JSON log line for every
    request."""
    from app.core import logs
    from app.ops import cli, health, requests

    app.register_blueprint(health.bp)
    app.cli.add_command(cli.twilio_cli)
    requests.init_app(app)
    logs.configure(logging.INFO)
