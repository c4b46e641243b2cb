"""Texts to the line (`POST /sms`) and Twilio's delivery reports (`POST /sms/status`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Blueprint, Response, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from app import redis_keys
from app.ask.kept import keep_unanswered
from app.content.model import Library
from app.content.wording import gsm7
from app.core import counts
from app.core.counts import Count
from app.privacy import number_key
from app.services import services
from app.signatures import validate_twilio_request
from app.texts.conversation import answer, understand
from app.texts.numbers import classify
from app.texts.optouts import opt_in, opt_out, opted_out
from app.texts.replies import ReplyLimits, may_reply

bp = Blueprint("sms", __name__, url_prefix="/sms")
DELIVERY = {
    "delivered": Count.TEXTS_DELIVERED,
    "undelivered": Count.TEXTS_FAILED,
    "failed": Count.TEXTS_FAILED,
}


def _xml(reply: MessagingResponse) -> Response:
    return Response(str(reply), mimetype="text/xml")


@bp.post("")
@validate_twilio_request
def incoming() -> Response:
    line = services()
    redis, secret = line.redis, line.settings.secret_key.value
    sender, body = request.form.get("From", ""), request.form.get("Body", "")
    libraries = line.speaker.libraries
    asked = understand(body, libraries)
    reply = MessagingResponse()
    if asked.kind == "stop":
        opt_out(redis, secret, sender)
        # Twilio confirms a STOP sent on its own; a longer text ("stop eating?") is told
        # it opted out and how to start again, within the same limits as any reply.
        limits = ReplyLimits.of(line.settings)
        if not asked.alone and may_reply(redis, limits, sender, dt.date.today()) == "reply":
            reply.message(gsm7(_library(sender).prompt("sms_stopped")))
        return _xml(reply)
    if asked.kind == "start":
        opt_in(redis, secret, sender)
        return _xml(reply)
    if opted_out(redis, secret, sender):
        return _xml(reply)  # nothing more is ever sent to a number that said STOP
    allowed = may_reply(redis, ReplyLimits.of(line.settings), sender, dt.date.today())
    if allowed != "reply":  # not a mobile the line texts, or past a limit: no reply at all
        counts.count(redis, Count.TEXTS_RECEIVED, Count.refused(allowed))
        return _xml(reply)
    counts.count(redis, Count.TEXTS_RECEIVED)
    language_key = redis_keys.text_language(number_key(secret, sender))
    if asked.kind == "language":
        redis.set(language_key, asked.lang, ex=redis_keys.TEXT_LANGUAGE_SECONDS)
        reply.message(gsm7(libraries[asked.lang].prompt("sms_language")))
        return _xml(reply)
    library = _library(sender)
    reply.message(answer(library, body, line.settings.public_base_url, _kept(library.lang)))
    return _xml(reply)


def _kept(lang: str) -> Callable[[str], object]:
    """A question the line could not answer, kept if the department keeps them (app.ask.kept)."""
    return lambda words: keep_unanswered(words, lang, "text")


def _library(sender: str) -> Library:
    """The words in the language the sender chose by text (English until they choose)."""
    line = services()
    key = redis_keys.text_language(number_key(line.settings.secret_key.value, sender))
    chosen = line.redis.get(key)
    lang = chosen.decode() if isinstance(chosen, bytes) else "en"
    return line.speaker.libraries.get(lang, line.speaker.libraries["en"])


@bp.post("/status")
@validate_twilio_request
def status() -> Response:
    """Twilio's delivery report for a text we sent: counted, never stored with the number."""
    counter = DELIVERY.get(request.form.get("MessageStatus", ""))
    if counter:
        counts.count(services().redis, counter)
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
