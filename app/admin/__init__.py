"""The admin area under /admin: signing in, the dashboard, statistics, the test phone,
people, my account, the audit trail, the line's settings and the questions it kept.

One parent blueprint holds them, so every admin page gets the same headers, and its
templates know who is signed in (`current_user`) and what they may do (`may`)."""

from __future__ import annotations

from flask import Blueprint, Flask


def blueprint() -> Blueprint:
    """The admin area, with every page inside it."""
    from flask_login import current_user
    from flask_wtf.csrf import CSRFError

    from app.accounts.access import may, session_ended
    from app.accounts.sessions import PREFIX
    from app.admin import (
        account,
        auth,
        callbacks,
        dashboard,
        department,
        people,
        phone,
        questions,
        reminders,
        second_factor,
        settings,
        stats,
        trail,
        welcome,
    )
    from app.admin.headers import protect
    from app.audio.overview import named

    admin = Blueprint("admin", __name__, url_prefix=PREFIX)
    from app.editor import views as editor
    from app.feedback import admin as comments
    from app.recordings import views as recordings

    children = (auth, welcome, dashboard, stats, phone, second_factor, account, people, trail,
                reminders, editor, recordings, comments, settings, department, questions,
                callbacks)  # fmt: skip
    for child in (module.bp for module in children):
        admin.register_blueprint(child)
    from app.admin import sso

    admin.register_blueprint(sso.bp)  # signing in through the OpenID provider
    admin.context_processor(lambda: {"current_user": current_user, "may": may, "item_name": named})
    admin.after_request(protect)
    admin.register_error_handler(CSRFError, session_ended)
    return admin


def init_app(app: Flask) -> None:
    """The admin area under /admin, with the editor's, recordings' and comments' pages."""
    from app.admin import sso_client

    sso_client.init_app(app)  # the OpenID provider, when OIDC_ISSUER is set
    app.register_blueprint(blueprint())
