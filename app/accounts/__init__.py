"""Named accounts: people, their roles, passwords, second factor and sign-in."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Signing in (who is signed in, their server-side session) and `flask users`."""
    from app.accounts import cli, identity, sessions
    from app.db.session import new_session

    app.session_interface = sessions.AdminSessions()
    identity.init_app(app)
    cli.register(app, new_session)
    cli.advise_on_old_password(app)
