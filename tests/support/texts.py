"""Texting the line as the service forwards a text: the replies it would send back.

Twilio posts the text to `/sms`, signed, and sends the TwiML's messages; Notify calls the
received-text callback, and the line's jobs send the replies through its API."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask.testing import FlaskClient
from rq import SimpleWorker

from app.services import services
from app.sms_values import Provider
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import MOBILE
from tests.support.simulator import signed_post
from tests.support.sms_api import RUNNING


def text(client: FlaskClient, body: str, sender: str = MOBILE) -> list[str]:
    """Send a text to the line; the replies, in order (none: an empty <Response/>, which
    Twilio sends nothing for; or, by Notify, no text sent)."""
    settings = services(client.application).settings
    if settings.sms_provider == Provider.NOTIFY:
        return _by_notify(client, body, sender)
    response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms", {"From": sender, "Body": body})
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    return [m.text or "" for m in root.iter("Message")]


def stop_confirmed(client: FlaskClient, lang: str = "en") -> list[str]:
    """What the line itself answers a STOP sent on its own: nothing by Twilio, which confirms
    it itself; by Notify, which does not, the line's own `sms_stopped`."""
    line = services(client.application)
    if line.settings.sms_provider == Provider.TWILIO:
        return []
    return [line.speaker.libraries[lang].prompt("sms_stopped")]


def _by_notify(client: FlaskClient, body: str, sender: str) -> list[str]:
    """Notify's received-text callback, then the line's queued replies sent (a worker in
    this process, with the settings the test put in the environment)."""
    line = services(client.application)
    notify = RUNNING[line.settings.notify_base_url]
    before = len(notify.messages)
    response = notify.receive(client, sender, body)
    assert response.status_code == 204, response.data
    SimpleWorker([line.sms_queue], connection=line.redis).work(burst=True)
    return [m["body"] for m in notify.messages[before:] if m["phone_number"] == sender]
