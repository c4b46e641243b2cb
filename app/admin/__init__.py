"""The admin area under /admin: signing in, the dashboard, statistics and the test phone.

One parent blueprint holds them, so every admin page gets the same headers."""

from __future__ import annotations

from flask import Blueprint


def blueprint() -> Blueprint:
    """The admin area, with every page inside it."""
    from app.admin import auth, dashboard, phone, stats
    from app.admin.headers import protect
    from app.admin.sessions import PREFIX

    admin = Blueprint("admin", __name__, url_prefix=PREFIX)
    for child in (auth.bp, dashboard.bp, stats.bp, phone.bp):
        admin.register_blueprint(child)
    admin.after_request(protect)
    return admin
