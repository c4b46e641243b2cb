"""The phone call: menus, articles and the choices between them."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from app import stats, twiml
from app.choices import BACK, HELP, MAIN_MENU, REPEAT, choose, hints
from app.content import MAIN_MENU as MAIN
from app.content import Article, Menu
from app.security import validate_twilio_request
from app.speaker import Speaker, Utterance
from app.texting import request_link_text

bp = Blueprint("voice", __name__, url_prefix="/voice")
log = logging.getLogger(__name__)
TEXT_LINK = "1"
TEXT_WORDS = ("text", "text message", "send", "send it", "link", "message")
# Re-prompt twice after silence, then end the call politely.
MAX_ATTEMPTS = 3


def _count(*names: str) -> None:
    if not request.form.get("AdminTest"):  # the admin's phone page is not a patient
        stats.count_quietly(current_app.extensions["redis"], *names)


def _input_kind() -> str:
    return "input_speech" if request.form.get("SpeechResult") else "input_keypad"


def _speaker() -> Speaker:
    return current_app.extensions["speaker"]


def _xml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


def _attempt() -> int:
    try:
        return max(1, int(request.args.get("attempt", "1")))
    except ValueError:
        return 1


def _menu_options(menu: Menu) -> dict[str, tuple[str, ...]]:
    return {t.key: t.keywords for t in menu.topics}


def _menu(menu: Menu, before: list[Utterance], attempt: int = 1) -> Response:
    s = _speaker()
    if attempt > MAX_ATTEMPTS:
        return _xml(twiml.goodbye([s.say("prompt:no_input"), s.say("prompt:goodbye")]))
    if attempt > 1:
        before = [s.say("prompt:no_input"), *before]
    options = _menu_options(menu)
    return _xml(
        twiml.ask(
            before,
            [s.say(f"menu:{menu.id}")],
            action=url_for("voice.choose_topic", menu_id=menu.id),
            hints=hints(options),
            on_silence=url_for("voice.menu", menu_id=menu.id, attempt=attempt + 1),
        )
    )


def _article_options(article: Article, before: list[Utterance], attempt: int = 1) -> Response:
    s = _speaker()
    if attempt > MAX_ATTEMPTS:
        return _xml(twiml.goodbye([s.say("prompt:no_input"), s.say("prompt:goodbye")]))
    if attempt > 1:
        before = [s.say("prompt:no_input"), *before]
    return _xml(
        twiml.ask(
            before,
            [s.say("prompt:after_article")],
            action=url_for("voice.choose_option", article_id=article.id),
            hints=hints({TEXT_LINK: TEXT_WORDS}),
            on_silence=url_for("voice.article_options", article_id=article.id, attempt=attempt + 1),
        )
    )


def _main(before: list[Utterance]) -> Response:
    return _menu(_speaker().library.menus[MAIN], before)


def _find_menu(menu_id: str) -> Menu | None:
    return _speaker().library.menus.get(menu_id)


def _find_article(article_id: str) -> Article | None:
    return _speaker().library.articles.get(article_id)


def _lost() -> Response:
    """An id that no longer exists (content changed mid-call): apologise, start again."""
    return _main([_speaker().say("prompt:sorry")])


@bp.post("")
@validate_twilio_request
def incoming() -> Response:
    _count("calls")
    return _main([_speaker().say("prompt:welcome")])


@bp.post("/menu/<menu_id>")
@validate_twilio_request
def menu(menu_id: str) -> Response:
    found = _find_menu(menu_id)
    return _menu(found, [], _attempt()) if found else _lost()


@bp.post("/menu/<menu_id>/choose")
@validate_twilio_request
def choose_topic(menu_id: str) -> Response:
    found = _find_menu(menu_id)
    if not found:
        return _lost()
    s = _speaker()
    _count(_input_kind())
    key = choose(
        request.form.get("Digits", ""), request.form.get("SpeechResult", ""), _menu_options(found)
    )
    topic = found.topic(key) if key else None
    if topic and topic.article:
        return _article(topic.article)
    if topic and topic.menu:
        return _menu(s.library.menus[topic.menu], [])
    if key == BACK and found.parent:
        return _menu(s.library.menus[found.parent], [])
    if key in (REPEAT, BACK):
        return _menu(found, [])
    if key == MAIN_MENU:
        return _main([])
    if key == HELP:
        return _menu(found, [s.say("prompt:help")])
    return _menu(found, [s.say("prompt:sorry")])


def _article(article_id: str) -> Response:
    s = _speaker()
    article = _find_article(article_id)
    if not article:
        return _lost()
    _count(f"plays:{article.id}")
    return _article_options(article, [s.say(f"article:{article.id}")])


@bp.post("/article/<article_id>")
@validate_twilio_request
def article(article_id: str) -> Response:
    return _article(article_id)


@bp.post("/article/<article_id>/options")
@validate_twilio_request
def article_options(article_id: str) -> Response:
    found = _find_article(article_id)
    return _article_options(found, [], _attempt()) if found else _lost()


@bp.post("/article/<article_id>/choose")
@validate_twilio_request
def choose_option(article_id: str) -> Response:
    found = _find_article(article_id)
    if not found:
        return _lost()
    s = _speaker()
    # Choosing after an article means the caller heard it to the end.
    _count(_input_kind(), f"finished:{found.id}")
    key = choose(
        request.form.get("Digits", ""),
        request.form.get("SpeechResult", ""),
        {TEXT_LINK: TEXT_WORDS},
    )
    if key == TEXT_LINK:
        prompt, values = request_link_text(
            current_app.extensions["redis"],
            current_app.extensions["queues"]["sms"],
            current_app.extensions["text_policy"],
            found.id,
            request.form.get("CallSid", ""),
            request.form.get("From", ""),
        )
        # A sentence with the caller's digits in it has no recording: it is spoken.
        said = (
            Utterance(s.library.prompt(prompt, **values)) if values else s.say(f"prompt:{prompt}")
        )
        return _article_options(found, [said])
    if key == REPEAT:
        return _article(found.id)
    if key == BACK:
        return _menu(s.library.menus[found.menu], [])
    if key == MAIN_MENU:
        return _main([])
    if key == HELP:
        return _article_options(found, [s.say("prompt:help")])
    return _article_options(found, [s.say("prompt:sorry")])


@bp.errorhandler(Exception)
def speak_on_error(error: Exception) -> ResponseReturnValue:
    """Whatever failed, the caller hears words, never silence or Twilio's error message."""
    if isinstance(error, HTTPException) and (error.code or 500) < 500:
        return error.get_response()
    log.exception("voice handler failed", exc_info=error)
    try:
        s = _speaker()
        apology = [s.say("prompt:error")]
        final = [s.say("prompt:error_goodbye")]
    except Exception:
        apology = [Utterance("Sorry, something went wrong on our side.")]
        final = [Utterance("Sorry, this line has a problem. Please call again later. Goodbye.")]
    if request.args.get("recovered"):
        return _xml(twiml.goodbye(final))
    return _xml(twiml.go_to(apology, url_for("voice.menu", menu_id=MAIN, recovered=1)))
