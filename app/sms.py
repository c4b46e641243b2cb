"""Texts to the line: the list of topics, or a topic's summary and link."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request, url_for
from twilio.twiml.messaging_response import MessagingResponse

from app.choices import choose
from app.security import validate_twilio_request

bp = Blueprint("sms", __name__, url_prefix="/sms")


def _topics() -> list:
    library = current_app.extensions["speaker"].library
    return sorted(library.articles.values(), key=lambda a: (a.menu != "main", a.menu, a.key))


@bp.post("")
@validate_twilio_request
def incoming() -> Response:
    topics = _topics()
    options = {str(n): a.keywords for n, a in enumerate(topics, start=1) if n <= 9}
    key = choose("", request.form.get("Body", ""), options)
    base = current_app.extensions["settings"].public_base_url
    reply = MessagingResponse()
    if key in options:
        article = topics[int(key) - 1]
        link = base + url_for("pages.article", article_id=article.id)
        reply.message(f"{article.sms_summary} {link}")
    else:
        listing = " ".join(f"{n} {a.title}." for n, a in enumerate(topics, start=1))
        reply.message(f"Nuclear medicine info line. Text a number: {listing}")
    return Response(str(reply), mimetype="text/xml")
