"""The phone call's webhooks: each route reads the request, asks steps or moves, returns.

Every route is signed by Twilio (app.signatures); the call's choices come from the URL."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from app.audio.speaker import Utterance, language_tag
from app.content.model import MAIN_MENU, Article
from app.ops import metrics
from app.services import services
from app.signatures import validate_twilio_request
from app.texts.policy import request_link_text
from app.voice import moves, steps, twiml
from app.voice.call import Call, Department, Line

bp = Blueprint("voice", __name__, url_prefix="/voice")
log = logging.getLogger(__name__)


def _say(key: str, call: Call) -> Utterance:
    said = services().speaker.say(key, call.lang, call.slow)
    if said.url is None:
        metrics.SAY_FALLBACKS.labels(call.lang).inc()
    return said


def _url(endpoint: str, call: Call, **values: Any) -> str:
    return url_for(endpoint, **{**call.args(), **values})


def _count(*names: str) -> None:
    if not request.form.get("AdminTest"):  # the admin's phone page is not a patient
        services().tally.count(*names)  # never waits on Redis


def _text_link(article: Article, call: Call) -> Utterance:
    """Queue a text of the topic's link to the caller; what to tell them about it."""
    line = services()
    prompt, values = request_link_text(
        line.redis,
        line.sms_queue,
        line.text_policy,
        article.id,
        request.form.get("CallSid", ""),
        request.form.get("From", ""),
        lang=call.lang,
    )
    if values:  # a sentence with the caller's digits in it has no recording: it is spoken
        library = line.speaker.libraries[call.lang]
        return Utterance(library.prompt(prompt, **values), language=language_tag(call.lang))
    return _say(f"prompt:{prompt}", call)


def _department() -> Department | None:
    settings = services().settings
    if not settings.department_phone or settings.hours is None:
        return None
    now = dt.datetime.now(dt.UTC)
    return Department(settings.department_phone, settings.hours, settings.hours.is_open(now))


def _line() -> tuple[Line, Call]:
    """The line as this request sees it, and the call's choices from the URL."""
    libraries = services().speaker.libraries
    line = Line(libraries, _say, _url, _count, _text_link, _department)
    return line, Call.from_args(request.args, libraries)


def _said() -> moves.Said:
    return moves.Said(request.form.get("Digits", ""), request.form.get("SpeechResult", ""))


def _attempt() -> int:
    try:
        return max(1, int(request.args.get("attempt", "1")))
    except ValueError:
        return 1


def _xml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


@bp.post("")
@validate_twilio_request
def incoming() -> Response:
    _count("calls")
    line, call = _line()
    # Inside the <Gather>: a caller who rings every week can choose from the first second.
    return _xml(steps.main(line, call, lead=[_say("prompt:welcome", call)]))


@bp.post("/menu/<menu_id>")
@validate_twilio_request
def menu(menu_id: str) -> Response:
    line, call = _line()
    found = line.library(call).menus.get(menu_id)
    return _xml(
        steps.menu(line, call, found, attempt=_attempt()) if found else steps.lost(line, call)
    )


@bp.post("/menu/<menu_id>/choose")
@validate_twilio_request
def choose_topic(menu_id: str) -> Response:
    line, call = _line()
    found = line.library(call).menus.get(menu_id)
    return _xml(moves.in_menu(line, call, found, _said()) if found else steps.lost(line, call))


@bp.post("/article/<article_id>")
@validate_twilio_request
def article(article_id: str) -> Response:
    line, call = _line()
    found = line.library(call).articles.get(article_id)
    return _xml(steps.start(line, call, found) if found else steps.lost(line, call))


@bp.post("/article/<article_id>/part/<int:n>")
@validate_twilio_request
def part(article_id: str, n: int) -> Response:
    line, call = _line()
    found = line.library(call).articles.get(article_id)
    return _xml(steps.part(line, call, found, n) if found else steps.lost(line, call))


@bp.post("/article/<article_id>/part/<int:n>/choose")
@validate_twilio_request
def choose_part(article_id: str, n: int) -> Response:
    line, call = _line()
    found = line.library(call).articles.get(article_id)
    return _xml(moves.in_part(line, call, found, n, _said()) if found else steps.lost(line, call))


@bp.post("/article/<article_id>/options")
@validate_twilio_request
def article_options(article_id: str) -> Response:
    line, call = _line()
    found = line.library(call).articles.get(article_id)
    if not found:
        return _xml(steps.lost(line, call))
    return _xml(steps.after(line, call, found, attempt=_attempt()))


@bp.post("/article/<article_id>/choose")
@validate_twilio_request
def choose_option(article_id: str) -> Response:
    line, call = _line()
    found = line.library(call).articles.get(article_id)
    return _xml(moves.after_topic(line, call, found, _said()) if found else steps.lost(line, call))


def _back_to(url: str | None, line: Line, call: Call) -> str:
    """Where help returns to: only one of the line's own voice pages, else the main menu."""
    if url and url.isascii() and url.isprintable():
        try:
            endpoint, _ = current_app.url_map.bind("").match(urlsplit(url).path, "POST")
        except HTTPException:
            endpoint = ""
        if endpoint.startswith("voice."):
            return url
    return line.url("voice.menu", call, menu_id=MAIN_MENU)


@bp.post("/help")
@validate_twilio_request
def help_menu() -> Response:
    line, call = _line()
    return _xml(steps.help_menu(line, call, _back_to(request.args.get("back"), line, call)))


@bp.post("/help/choose")
@validate_twilio_request
def choose_help() -> Response:
    line, call = _line()
    back = _back_to(request.args.get("back"), line, call)
    return _xml(moves.in_help(line, call, back, _said()))


@bp.post("/help/after-dial")
@validate_twilio_request
def after_dial() -> Response:
    line, call = _line()
    if request.form.get("DialCallStatus") == "completed":
        return _xml(twiml.goodbye([]))
    back = _back_to(request.args.get("back"), line, call)
    return _xml(twiml.go_to([_say("prompt:person_busy", call)], back))


@bp.post("/languages")
@validate_twilio_request
def languages() -> Response:
    line, call = _line()
    return _xml(steps.languages(line, call))


@bp.post("/languages/choose")
@validate_twilio_request
def choose_language() -> Response:
    line, call = _line()
    return _xml(moves.in_languages(line, call, _said()))


@bp.errorhandler(Exception)
def speak_on_error(error: Exception) -> ResponseReturnValue:
    """Whatever failed, the caller hears words, never silence or Twilio's error message."""
    if isinstance(error, HTTPException) and (error.code or 500) < 500:
        return error.get_response()
    log.exception("voice handler failed", exc_info=error)
    try:
        _, call = _line()
        apology, final = [_say("prompt:error", call)], [_say("prompt:error_goodbye", call)]
    except Exception:
        apology = [Utterance("Sorry, something went wrong on our side.")]
        final = [Utterance("Sorry, this line has a problem. Please call again later. Goodbye.")]
    if request.args.get("recovered"):
        return _xml(twiml.goodbye(final))
    return _xml(twiml.go_to(apology, url_for("voice.menu", menu_id=MAIN_MENU, recovered=1)))
