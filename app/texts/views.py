"""Texts to the line (`POST /sms`) and Twilio's delivery reports (`POST /sms/status`)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from app.services import services
from app.signatures import validate_twilio_request
from app.sms_values import Provider
from app.texts.conversation import understand
from app.texts.inbound import replies
from app.texts.numbers import classify
from app.texts.receipts import record

bp = Blueprint("sms", __name__, url_prefix="/sms")


def _xml(reply: MessagingResponse) -> Response:
    return Response(str(reply), mimetype="text/xml")


@bp.post("")
@validate_twilio_request
def incoming() -> Response:
    """A text to the line: the replies, in TwiML for Twilio to send."""
    reply = MessagingResponse()
    sender, body = request.form.get("From", ""), request.form.get("Body", "")
    for each in replies(sender, body, Provider.TWILIO):
        reply.message(each.text)
    return _xml(reply)


@bp.post("/status")
@validate_twilio_request
def status() -> Response:
    """Twilio's delivery report for a text we sent: counted, never stored with the number."""
    sid, state = request.form.get("MessageSid", ""), request.form.get("MessageStatus", "")
    record(services().redis, Provider.TWILIO, sid, state)
    return Response("", status=204)


@bp.errorhandler(Exception)
def apologise(error: Exception) -> Response | tuple[str, int]:
    """A failure on our side still gets a polite answer, never Twilio's error text."""
    code = getattr(error, "code", 500)
    if isinstance(code, int) and code < 500:
        return str(error), code
    current_app.logger.exception("sms handler failed", exc_info=error)
    reply = MessagingResponse()
    # Only to a mobile the line texts, and never to STOP or START. With Redis down the
    # daily limits cannot be counted: such apologies are the one reply they do not cap.
    sender, body = request.form.get("From", ""), request.form.get("Body", "")
    mobile = classify(sender, services().settings.text_countries)[0] == "mobile"
    if not mobile or understand(body, ()).kind in ("stop", "start"):
        return _xml(reply)
    reply.message("Sorry, something went wrong on our side. Please try again later.")
    return _xml(reply)
