"""Texts: the link to a topic after a call, and the text conversation with the line.

wording (GSM-7 words of each text) and numbers (whose mobile may get one) are pure;
policy decides and queues a text from a call, optouts keeps STOP, conversation holds the
rules of a text chat; inbound what a text to the line gets; views are Twilio's webhooks,
notify_hooks Notify's callbacks; providers send through Twilio or Notify, receipts count
whether texts arrived; jobs are the queued sends."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Twilio's SMS webhooks (/sms) and Notify's callbacks (/sms/notify)."""
    from app.texts import notify_hooks, views

    for blueprint in (views.bp, notify_hooks.bp):
        app.register_blueprint(blueprint)
        # Protected by Twilio's signature or Notify's token; they never see a browser form.
        app.extensions["csrf"].exempt(blueprint)
