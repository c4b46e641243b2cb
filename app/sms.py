"""Texts to the line: topics by number or word, help, and STOP/START honoured."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from app import stats
from app.choices import choose
from app.content import Library
from app.privacy import number_key
from app.security import validate_twilio_request
from app.texting import opt_in, opt_out, opted_out
from app.texts import article_link, gsm7, help_text, menu_text, sms_topics, topic_text

bp = Blueprint("sms", __name__, url_prefix="/sms")
# Twilio answers these itself on long codes and still forwards them: we record, not reply.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
MENU_WORDS = {"MENU", "?", "TOPICS", "LIST"}
# Texting a language's name switches the conversation to it (for 90 days).
LANGUAGE_NAMES = {
    "ENGLISH": "en", "SAESNEG": "en", "ANGIELSKI": "en",
    "CYMRAEG": "cy", "WELSH": "cy",
    "POLSKI": "pl", "POLISH": "pl",
}  # fmt: skip
LANGUAGE_DAYS = 90
DELIVERY = {"delivered": "texts_delivered", "undelivered": "texts_failed", "failed": "texts_failed"}


def _xml(reply: MessagingResponse) -> Response:
    return Response(str(reply), mimetype="text/xml")


def _language_key(secret: str, sender: str) -> str:
    return f"nmline:sms:lang:{number_key(secret, sender)}"


def answer(library: Library, body: str, base_url: str) -> str:
    """The reply to a text (pure): a topic's summary and link, help, or the list of topics."""
    words = body.strip().upper().split()
    first = words[0] if words else ""
    if first in HELP_WORDS:
        return help_text(library)
    topics = sms_topics(library)
    options = {str(n): a.keywords for n, a in enumerate(topics, start=1)}
    key = None if first in MENU_WORDS else choose("", body, options)
    if key in options:
        article = topics[int(key) - 1]
        return topic_text(article, article_link(base_url, article.id, library.lang))
    return menu_text(library, topics)


@bp.post("")
@validate_twilio_request
def incoming() -> Response:
    redis = current_app.extensions["redis"]
    secret = current_app.extensions["settings"].secret_key.value
    sender = request.form.get("From", "")
    first = (request.form.get("Body", "").strip().upper().split() or [""])[0]
    reply = MessagingResponse()
    if first in STOP_WORDS:
        opt_out(redis, secret, sender)
        return _xml(reply)
    if first in START_WORDS:
        opt_in(redis, secret, sender)
        return _xml(reply)
    if opted_out(redis, secret, sender):
        return _xml(reply)  # nothing more is ever sent to a number that said STOP
    stats.count(redis, "texts_received")
    libraries = current_app.extensions["speaker"].libraries
    chosen = LANGUAGE_NAMES.get(first)
    if chosen in libraries and len(request.form.get("Body", "").split()) <= 2:
        redis.set(_language_key(secret, sender), chosen, ex=LANGUAGE_DAYS * 86400)
        reply.message(gsm7(libraries[chosen].prompt("sms_language")))
        return _xml(reply)
    lang = (redis.get(_language_key(secret, sender)) or b"en").decode()
    library = libraries.get(lang, libraries["en"])
    base = current_app.extensions["settings"].public_base_url
    reply.message(answer(library, request.form.get("Body", ""), base))
    return _xml(reply)


@bp.post("/status")
@validate_twilio_request
def status() -> Response:
    """Twilio's delivery report for a text we sent: counted, never stored with the number."""
    counter = DELIVERY.get(request.form.get("MessageStatus", ""))
    if counter:
        stats.count(current_app.extensions["redis"], counter)
    return Response("", status=204)


@bp.errorhandler(Exception)
def apologise(error: Exception) -> Response | tuple[str, int]:
    """A failure on our side still gets a polite answer, never Twilio's error text."""
    if getattr(error, "code", 500) < 500:
        return str(error), getattr(error, "code", 400)
    current_app.logger.exception("sms handler failed", exc_info=error)
    reply = MessagingResponse()
    reply.message("Sorry, something went wrong on our side. Please try again later.")
    return _xml(reply)
