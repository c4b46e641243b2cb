"""The patient information line: a Flask app answering Twilio's voice and SMS webhooks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, str] | None = None) -> Flask:
    """Build the app from `config` (tests) or the process environment (gunicorn, flask)."""
    # Imported here so that workers can use app.content and friends without Flask.
    from app.factory import build

    return build(config)
