"""The floor bench/load.py measures the line against: Flask and gunicorn, nothing else.

POST /voice answers with constant TwiML of the size and shape the line's own greeting has:
no signature check, no content, no Redis, no logging. POST /signed answers the same after
what no Twilio route can skip: the form parsed and its signature checked, as twilio's
RequestValidator checks it, against PUBLIC_BASE_URL and TWILIO_AUTH_TOKEN.
"""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator

TWIML = (
    '<?xml version="1.0" encoding="UTF-8"?><Response>'
    "<Play>http://127.0.0.1/audio/000000000000000000000000.mp3</Play>"
    '<Gather action="/voice/menu/main/choose" finishOnKey="" hints="nuclear medicine, '
    'department, scan, results, video, poster, leaflets" input="dtmf speech" '
    'language="en-GB" method="POST" numDigits="1" speechTimeout="auto" timeout="8">'
    "<Play>http://127.0.0.1/audio/111111111111111111111111.mp3</Play>"
    '<Say language="cy-GB">Am wybodaeth yn Gymraeg, pwyswch hash.</Say>'
    '<Say language="pl-PL">Aby uzyskać informacje po polsku, naciśnij krzyżyk.</Say>'
    '</Gather><Redirect method="POST">/voice/menu/main?attempt=2</Redirect></Response>'
)


def create_app() -> Flask:
    """gunicorn "bench.bare:create_app()"."""
    app = Flask(__name__)
    validator = RequestValidator(os.environ.get("TWILIO_AUTH_TOKEN", ""))
    base = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")

    @app.post("/voice")
    def voice() -> Response:
        return Response(TWIML, mimetype="text/xml")

    @app.post("/signed")
    def signed() -> Response:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not validator.validate(base + request.path, request.form, signature):
            abort(403)
        return Response(TWIML, mimetype="text/xml")

    return app
