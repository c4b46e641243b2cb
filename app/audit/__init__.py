"""The audit trail: who did what to the line and its accounts, when, and whether it worked."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """`flask audit` (prune, verify)."""
    from app.audit import cli
    from app.db.session import new_session
    from app.services import services

    app.config["AUDIT_RETENTION_DAYS"] = services(app).settings.audit_retention_days
    cli.register(app, new_session)
