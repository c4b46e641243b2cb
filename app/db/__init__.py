"""The database: engine, models' base, one session per request, and migrations."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine


def init_app(app: Flask, engine: Engine) -> None:
    """One session per request from `engine`, and `flask db` (upgrade, current)."""
    from app.db import cli, session

    session.init_app(app, engine)
    cli.register(app)
