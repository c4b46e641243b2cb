"""The phone call's webhooks: each route reads the request, asks steps or moves, returns.

Every route is signed by Twilio (app.signatures); the call's choices come from the URL. The
routes that only say where the caller is are @remembered (app.voice.answers)."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from app.ask import Found
from app.audio.speaker import Utterance
from app.content.model import MAIN_MENU
from app.core.counts import Count
from app.signatures import validate_twilio_request
from app.voice import asking, moves, steps, twiml
from app.voice.answers import remembered, request_line
from app.voice.call import Call, Line
from app.voice.webhook import back_to, said, xml

bp = Blueprint("voice", __name__, url_prefix="/voice")
log = logging.getLogger(__name__)


def _attempt() -> int:
    try:
        return max(1, int(request.args.get("attempt", "1")))
    except ValueError:
        return 1


def _rated() -> bool:
    """The caller has said whether the topic helped (the feedback question is not asked again)."""
    return request.args.get("rated") == "1"


@bp.post("")
@validate_twilio_request
@remembered
def incoming(line: Line, call: Call) -> str:
    line.count(Count.CALLS)
    # Inside the <Gather>: a caller who rings every week can choose from the first second.
    # Where urgent help is comes after the options, so the first option still starts soon.
    welcome, urgent = line.prompt("welcome", call), line.prompt("urgent", call)
    return steps.main(line, call, lead=[welcome], trail=[urgent])


@bp.post("/menu/<menu_id>")
@validate_twilio_request
@remembered
def menu(line: Line, call: Call, menu_id: str) -> str:
    found = line.library(call).menus.get(menu_id)
    return steps.menu(line, call, found, attempt=_attempt()) if found else steps.lost(line, call)


@bp.post("/menu/<menu_id>/choose")
@validate_twilio_request
def choose_topic(menu_id: str) -> Response:
    line, call = request_line()
    found = line.library(call).menus.get(menu_id)
    return xml(moves.in_menu(line, call, found, said()) if found else steps.lost(line, call))


@bp.post("/article/<article_id>")
@validate_twilio_request
@remembered
def article(line: Line, call: Call, article_id: str) -> str:
    found = line.library(call).articles.get(article_id)
    return steps.start(line, call, found) if found else steps.lost(line, call)


@bp.post("/article/<article_id>/part/<int:n>")
@validate_twilio_request
@remembered
def part(line: Line, call: Call, article_id: str, n: int) -> str:
    found = line.library(call).articles.get(article_id)
    return steps.part(line, call, found, n) if found else steps.lost(line, call)


@bp.post("/article/<article_id>/part/<int:n>/choose")
@validate_twilio_request
def choose_part(article_id: str, n: int) -> Response:
    line, call = request_line()
    found = line.library(call).articles.get(article_id)
    return xml(moves.in_part(line, call, found, n, said()) if found else steps.lost(line, call))


@bp.post("/article/<article_id>/options")
@validate_twilio_request
@remembered
def article_options(line: Line, call: Call, article_id: str) -> str:
    found = line.library(call).articles.get(article_id)
    if found is None:
        return steps.lost(line, call)
    return steps.after(line, call, found, attempt=_attempt(), rated=_rated())


@bp.post("/article/<article_id>/choose")
@validate_twilio_request
def choose_option(article_id: str) -> Response:
    line, call = request_line()
    found = line.library(call).articles.get(article_id)
    if found is None:
        return xml(steps.lost(line, call))
    return xml(moves.after_topic(line, call, found, said(), _rated()))


@bp.post("/help")
@validate_twilio_request
def help_menu() -> Response:
    line, call = request_line()
    return xml(steps.help_menu(line, call, back_to(request.args.get("back"), line, call)))


@bp.post("/help/choose")
@validate_twilio_request
def choose_help() -> Response:
    line, call = request_line()
    back = back_to(request.args.get("back"), line, call)
    return xml(moves.in_help(line, call, back, said()))


@bp.post("/help/after-dial")
@validate_twilio_request
def after_dial() -> Response:
    line, call = request_line()
    if request.form.get("DialCallStatus") == "completed":
        return xml(twiml.goodbye([]))
    back = back_to(request.args.get("back"), line, call)
    if request.form.get("DialCallStatus") in ("no-answer", "busy", "failed"):  # a call back
        back = line.url("voice.callback_offer", call, back=back, why="unanswered")
    return xml(twiml.go_to([line.prompt("person_busy", call)], back))


@bp.post("/languages")
@validate_twilio_request
@remembered
def languages(line: Line, call: Call) -> str:
    return steps.languages(line, call)


@bp.post("/languages/choose")
@validate_twilio_request
def choose_language() -> Response:
    line, call = request_line()
    return xml(moves.in_languages(line, call, said()))


def _misses() -> int:
    misses = request.args.get("misses", "0")
    return min(asking.MISSES, int(misses)) if misses.isdigit() and misses.isascii() else 0


def _found(article_id: str, n: int) -> Found:
    return Found(article_id, max(1, n), request.args.get("answer", ""))


def _closest() -> list[str]:
    return [a for a in request.args.get("closest", "").split(",")[:2] if a and a != "-"]


def _guess(line: Line, call: Call) -> Found | None:
    return asking.guess_of(line.library(call), request.args.get("guess", ""))


@bp.post("/ask")
@validate_twilio_request
@remembered
def asking_step(line: Line, call: Call) -> str:
    return asking.asking(line, call, _misses(), _attempt())


@bp.post("/ask/heard")
@validate_twilio_request
def heard_question() -> Response:
    line, call = request_line()
    return xml(moves.in_asking(line, call, said(), _misses()))


@bp.post("/answer/<article_id>/<int:n>")
@validate_twilio_request
@remembered
def after_answer(line: Line, call: Call, article_id: str, n: int) -> str:
    found = _found(article_id, n)
    library = line.library(call)
    if article_id not in library.articles or (found.answer and found.answer not in library.answers):
        return steps.lost(line, call)
    return asking.answer(line, call, found, attempt=_attempt(), again=False)


@bp.post("/answer/<article_id>/<int:n>/choose")
@validate_twilio_request
def choose_after_answer(article_id: str, n: int) -> Response:
    line, call = request_line()
    found = _found(article_id, n)
    library = line.library(call)
    if article_id not in library.articles or (found.answer and found.answer not in library.answers):
        return xml(steps.lost(line, call))
    return xml(moves.after_answer(line, call, found, said()))


@bp.post("/unsure")
@validate_twilio_request
@remembered
def unsure(line: Line, call: Call) -> str:
    guess = _guess(line, call)
    return asking.not_sure(line, call, _closest(), _misses(), attempt=_attempt(), guess=guess)


@bp.post("/unsure/choose")
@validate_twilio_request
def choose_unsure() -> Response:
    line, call = request_line()
    guess = _guess(line, call)
    return xml(moves.when_unsure(line, call, _closest(), _misses(), said(), guess))


@bp.errorhandler(Exception)
def speak_on_error(error: Exception) -> ResponseReturnValue:
    """Whatever failed, the caller hears words, never silence or Twilio's error message."""
    if isinstance(error, HTTPException) and (error.code or 500) < 500:
        return error.get_response()
    log.exception("voice handler failed", exc_info=error)
    try:
        line, call = request_line()
        apology = [line.prompt("error", call)]
        final = [line.prompt("error_goodbye", call)]
    except Exception:
        apology = [Utterance("Sorry, something went wrong on our side.")]
        final = [Utterance("Sorry, this line has a problem. Please call again later. Goodbye.")]
    if request.args.get("recovered"):
        return xml(twiml.goodbye(final))
    return xml(twiml.go_to(apology, url_for("voice.menu", menu_id=MAIN_MENU, recovered=1)))
