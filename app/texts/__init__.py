"""Texts: the link to a topic after a call, and the text conversation with the line.

wording (GSM-7 words of each text) and numbers (whose mobile may get one) are pure;
policy decides and queues a text from a call, optouts keeps STOP, conversation holds the
rules of a text chat; views are the webhooks; jobs sends through Twilio."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Twilio's SMS webhooks (/sms)."""
    from app.texts import views

    app.register_blueprint(views.bp)
    # Protected by Twilio's signature instead; they never see a browser form.
    app.extensions["csrf"].exempt(views.bp)
