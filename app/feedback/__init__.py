"""Patients' feedback, without personal data: "was this helpful?" after a topic on the phone
and on each topic's page, counted per topic and day; a comment on the page, scrubbed of
anything that looks like a phone number, email or NHS number, read by reviewers only."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The public feedback form and `flask feedback prune`. Reviewers read the comments in
    the admin area (app.admin)."""
    from app.feedback import prune, views

    app.register_blueprint(views.bp)
    # The public pages keep no session: a topic page's form carries a signed token instead.
    app.extensions["csrf"].exempt(views.bp)
    prune.register(app)
