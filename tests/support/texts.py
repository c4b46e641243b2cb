"""Texting the line as Twilio forwards a text: the replies it would send back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask.testing import FlaskClient

from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import MOBILE
from tests.support.simulator import signed_post


def text(client: FlaskClient, body: str, sender: str = MOBILE) -> list[str]:
    """Send a text to the line, signed as Twilio signs it; the replies, in order (none: an
    empty <Response/>, which Twilio sends nothing for)."""
    response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms", {"From": sender, "Body": body})
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    return [m.text or "" for m in root.iter("Message")]
