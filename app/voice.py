"""The phone call: menus, topics in parts, help, languages and the choices between them.

What a call has chosen (its language, slower speech) travels in every URL, so any web
instance can answer any request of any call."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from app import metrics, twiml
from app.choices import (
    BACK,
    HELP,
    LANGUAGE,
    MAIN_MENU,
    PART_BACK,
    PART_FORWARD,
    REPEAT,
    SLOWER,
    choose,
    global_words,
    hints,
)
from app.content import MAIN_MENU as MAIN
from app.content import Article, Library, Menu
from app.hours import Hours
from app.security import validate_twilio_request
from app.speaker import Speaker, Utterance, language_tag
from app.spoken import parts
from app.texting import request_link_text

bp = Blueprint("voice", __name__, url_prefix="/voice")
log = logging.getLogger(__name__)
TEXT_LINK = PERSON = "1"
# Re-prompt twice after silence, then end the call politely.
MAX_ATTEMPTS = 3
# Between two parts of a topic: long enough to press a key, short enough not to feel lost.
PART_PAUSE = 1


@dataclass(frozen=True)
class Call:
    lang: str = "en"
    slow: bool = False

    def args(self) -> dict[str, str]:
        return {
            **({"lang": self.lang} if self.lang != "en" else {}),
            **({"slow": "1"} if self.slow else {}),
        }


def _speaker() -> Speaker:
    return current_app.extensions["speaker"]


def _call() -> Call:
    lang = request.args.get("lang", "en")
    return Call(lang if lang in _speaker().libraries else "en", request.args.get("slow") == "1")


def _lib(call: Call) -> Library:
    return _speaker().libraries[call.lang]


def _say(key: str, call: Call) -> Utterance:
    said = _speaker().say(key, call.lang, call.slow)
    if said.url is None:
        metrics.SAY_FALLBACKS.labels(call.lang).inc()
    return said


def _url(endpoint: str, call: Call, **values: Any) -> str:
    arguments: dict[str, Any] = {**call.args(), **values}
    return url_for(endpoint, **arguments)


def _xml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


def _count(*names: str) -> None:
    if not request.form.get("AdminTest"):  # the admin's phone page is not a patient
        current_app.extensions["tally"].count(*names)  # never waits on Redis


def _key(call: Call, options: Mapping[str, Sequence[str]]) -> str | None:
    _count("input_speech" if request.form.get("SpeechResult") else "input_keypad")
    form = request.form
    words = global_words(_lib(call))
    return choose(form.get("Digits", ""), form.get("SpeechResult", ""), options, words)


def _attempt() -> int:
    try:
        return max(1, int(request.args.get("attempt", "1")))
    except ValueError:
        return 1


def _ask(
    call: Call,
    before: list[Utterance],
    prompt: list[Utterance],
    action: str,
    options: Mapping[str, Sequence[str]],
    on_silence: str,
    attempt: int = 1,
) -> Response:
    if attempt > MAX_ATTEMPTS:
        return _xml(twiml.goodbye([_say("prompt:no_input", call), _say("prompt:goodbye", call)]))
    if attempt > 1:
        before = [_say("prompt:no_input", call), *before]
    spoken = hints(options, global_words(_lib(call)))
    return _xml(twiml.ask(before, prompt, action, spoken, on_silence, language_tag(call.lang)))


def _offers(call: Call) -> list[Utterance]:
    """Each other language offered in its own words and voice."""
    others = [lang for lang in _speaker().libraries if lang != call.lang]
    return [_say("prompt:language_offer", Call(lang, call.slow)) for lang in others]


def _menu(
    menu: Menu,
    call: Call,
    before: list[Utterance],
    attempt: int = 1,
    lead: Sequence[Utterance] = (),
) -> Response:
    """A menu inside a <Gather>; `lead` is said inside it too, before the menu, so a caller
    can choose while it plays (the welcome)."""
    options = {t.key: t.keywords for t in menu.topics}
    offers = _offers(call) if menu.id == MAIN else []
    return _ask(
        call,
        before,
        [*lead, _say(f"menu:{menu.id}", call), *offers],
        _url("voice.choose_topic", call, menu_id=menu.id),
        options,
        _url("voice.menu", call, menu_id=menu.id, attempt=attempt + 1),
        attempt,
    )


def _main(call: Call, before: list[Utterance], lead: Sequence[Utterance] = ()) -> Response:
    return _menu(_lib(call).menus[MAIN], call, before, lead=lead)


def _lost(call: Call) -> Response:
    """An id that no longer exists (content changed mid-call): apologise, start again."""
    return _main(call, [_say("prompt:sorry", call)])


def _everywhere(key: str | None, call: Call, here: Callable[[Call], str]) -> Response | None:
    """The keys that mean the same on every menu and in every topic."""
    if key == MAIN_MENU:
        return _main(call, [])
    if key == HELP:
        return _help(call, here(call))
    if key == SLOWER:
        slower = Call(call.lang, True)
        return _xml(twiml.go_to([_say("prompt:slower", slower)], here(slower)))
    if key == LANGUAGE and len(_speaker().libraries) > 1:
        return _languages(call)
    return None


@bp.post("")
@validate_twilio_request
def incoming() -> Response:
    _count("calls")
    call = _call()
    # Inside the <Gather>: a caller who rings every week can choose from the first second.
    return _main(call, [], lead=[_say("prompt:welcome", call)])


@bp.post("/menu/<menu_id>")
@validate_twilio_request
def menu(menu_id: str) -> Response:
    call = _call()
    found = _lib(call).menus.get(menu_id)
    return _menu(found, call, [], _attempt()) if found else _lost(call)


@bp.post("/menu/<menu_id>/choose")
@validate_twilio_request
def choose_topic(menu_id: str) -> Response:
    call = _call()
    library = _lib(call)
    found = library.menus.get(menu_id)
    if not found:
        return _lost(call)
    key = _key(call, {t.key: t.keywords for t in found.topics})
    topic = found.topic(key) if key else None
    if topic and topic.article:
        return _start(library.articles[topic.article], call)
    if topic and topic.menu:
        return _menu(library.menus[topic.menu], call, [])
    if key == BACK and found.parent:
        return _menu(library.menus[found.parent], call, [])
    if key in (REPEAT, BACK):
        return _menu(found, call, [])
    here = lambda c: _url("voice.menu", c, menu_id=found.id)  # noqa: E731
    return _everywhere(key, call, here) or _menu(found, call, [_say("prompt:sorry", call)])


def _start(article: Article, call: Call) -> Response:
    _count(f"plays:{article.id}")
    return _part(article, 1, call, [], intro=True)


def _part(
    article: Article, n: int, call: Call, before: list[Utterance], intro: bool = False
) -> Response:
    """One part of a topic, inside a keys-only <Gather> so 4, 6 and 7 work while it plays."""
    total = len(parts(article))
    if n > total:
        _count(f"finished:{article.id}")
        return _options(article, call, before)
    n = max(1, n)
    prompt = ([_say(f"intro:{article.id}", call)] if intro else []) + [
        _say(f"article:{article.id}:{n}", call)
    ]
    return _xml(
        twiml.ask(
            before,
            prompt,
            _url("voice.choose_part", call, article_id=article.id, n=n),
            [],
            _url("voice.part", call, article_id=article.id, n=n + 1),
            timeout=PART_PAUSE,
            speech=False,
        )
    )


@bp.post("/article/<article_id>")
@validate_twilio_request
def article(article_id: str) -> Response:
    call = _call()
    found = _lib(call).articles.get(article_id)
    return _start(found, call) if found else _lost(call)


@bp.post("/article/<article_id>/part/<int:n>")
@validate_twilio_request
def part(article_id: str, n: int) -> Response:
    call = _call()
    found = _lib(call).articles.get(article_id)
    return _part(found, n, call, []) if found else _lost(call)


@bp.post("/article/<article_id>/part/<int:n>/choose")
@validate_twilio_request
def choose_part(article_id: str, n: int) -> Response:
    """Keys while a topic plays (keys only: see the README). They mean what they mean
    everywhere; 1 sends the link, as it does after the topic, and the part starts again."""
    call = _call()
    found = _lib(call).articles.get(article_id)
    if not found:
        return _lost(call)
    key = _key(call, {PART_BACK: (), PART_FORWARD: (), TEXT_LINK: ()})
    if key == TEXT_LINK:
        return _part(found, n, call, [_text_link(found, call)])
    if key == PART_BACK:
        return _part(found, n - 1, call, [])
    if key == PART_FORWARD:
        return _part(found, n + 1, call, [])
    if key == REPEAT:
        return _part(found, n, call, [])
    if key == BACK:
        return _menu(_lib(call).menus[found.menu], call, [])
    here = lambda c: _url("voice.part", c, article_id=found.id, n=n)  # noqa: E731
    return _everywhere(key, call, here) or _part(found, n, call, [_say("prompt:sorry", call)])


def _text_link(article: Article, call: Call) -> Utterance:
    """Queue a text of the topic's link to the caller; what to tell them about it."""
    prompt, values = request_link_text(
        current_app.extensions["redis"],
        current_app.extensions["queues"]["sms"],
        current_app.extensions["text_policy"],
        article.id,
        request.form.get("CallSid", ""),
        request.form.get("From", ""),
        lang=call.lang,
    )
    # A sentence with the caller's digits in it has no recording: it is spoken.
    if values:
        return Utterance(_lib(call).prompt(prompt, **values), language=language_tag(call.lang))
    return _say(f"prompt:{prompt}", call)


def _options(article: Article, call: Call, before: list[Utterance], attempt: int = 1) -> Response:
    words = {TEXT_LINK: _lib(call).words("words_text")}
    return _ask(
        call,
        before,
        [_say("prompt:after_article", call)],
        _url("voice.choose_option", call, article_id=article.id),
        words,
        _url("voice.article_options", call, article_id=article.id, attempt=attempt + 1),
        attempt,
    )


@bp.post("/article/<article_id>/options")
@validate_twilio_request
def article_options(article_id: str) -> Response:
    call = _call()
    found = _lib(call).articles.get(article_id)
    return _options(found, call, [], _attempt()) if found else _lost(call)


@bp.post("/article/<article_id>/choose")
@validate_twilio_request
def choose_option(article_id: str) -> Response:
    call = _call()
    found = _lib(call).articles.get(article_id)
    if not found:
        return _lost(call)
    key = _key(call, {TEXT_LINK: _lib(call).words("words_text"), PART_BACK: ()})
    if key == TEXT_LINK:
        return _options(found, call, [_text_link(found, call)])
    if key == REPEAT:
        return _part(found, 1, call, [])
    if key == PART_BACK:  # back a part: the last one
        return _part(found, len(parts(found)), call, [])
    if key == BACK:
        return _menu(_lib(call).menus[found.menu], call, [])
    here = lambda c: _url("voice.article_options", c, article_id=found.id)  # noqa: E731
    return _everywhere(key, call, here) or _options(found, call, [_say("prompt:sorry", call)])


def _department() -> tuple[str, Hours | None]:
    settings = current_app.extensions["settings"]
    if not settings.department_phone or settings.hours is None:
        return "", None
    return settings.department_phone, settings.hours


def _back_to(url: str | None, call: Call) -> str:
    """Where help returns to: only one of the line's own voice pages, else the main menu."""
    if url and url.isascii() and url.isprintable():
        try:
            endpoint, _ = current_app.url_map.bind("").match(urlsplit(url).path, "POST")
        except HTTPException:
            endpoint = ""
        if endpoint.startswith("voice."):
            return url
    return _url("voice.menu", call, menu_id=MAIN)


def _help(call: Call, back: str) -> Response:
    """The keys, and, when the department has a phone, how to talk to someone."""
    phone, _ = _department()
    prompt = [_say("prompt:help", call)] + ([_say("prompt:person_open", call)] if phone else [])
    return _ask(
        call,
        [],
        prompt,
        _url("voice.choose_help", call, back=back),
        {PERSON: _lib(call).words("words_help")} if phone else {},
        back,
    )


@bp.post("/help")
@validate_twilio_request
def help_menu() -> Response:
    call = _call()
    return _help(call, _back_to(request.args.get("back"), call))


@bp.post("/help/choose")
@validate_twilio_request
def choose_help() -> Response:
    call = _call()
    back = _back_to(request.args.get("back"), call)
    phone, hours = _department()
    key = _key(call, {PERSON: ()} if phone else {})
    if key == PERSON and phone and hours:
        if hours.is_open(dt.datetime.now(dt.UTC)):
            after = _url("voice.after_dial", call, back=back)
            return _xml(twiml.connect([_say("prompt:person_connecting", call)], phone, after))
        library = _lib(call)
        closed = library.prompt("person_closed", hours=hours.describe(library.prompts))
        return _xml(twiml.go_to([Utterance(closed, language=language_tag(call.lang))], back))
    if key in (BACK, REPEAT) or key is None:
        return _xml(twiml.go_to([], back))
    here = lambda c: _url("voice.help_menu", c, back=back)  # noqa: E731
    return _everywhere(key, call, here) or _xml(twiml.go_to([], back))


@bp.post("/help/after-dial")
@validate_twilio_request
def after_dial() -> Response:
    call = _call()
    if request.form.get("DialCallStatus") == "completed":
        return _xml(twiml.goodbye([]))
    back = _back_to(request.args.get("back"), call)
    return _xml(twiml.go_to([_say("prompt:person_busy", call)], back))


def _languages(call: Call) -> Response:
    libraries = _speaker().libraries
    options = {str(n): (lib.lang,) for n, lib in enumerate(libraries.values(), start=1)}
    return _ask(
        call,
        [],
        [
            _say("prompt:language_menu", call),
            *(_say("prompt:language_option", Call(lang, call.slow)) for lang in libraries),
        ],
        _url("voice.choose_language", call),
        options,
        _url("voice.menu", call, menu_id=MAIN),
    )


@bp.post("/languages")
@validate_twilio_request
def languages() -> Response:
    return _languages(_call())


@bp.post("/languages/choose")
@validate_twilio_request
def choose_language() -> Response:
    call = _call()
    langs = list(_speaker().libraries)
    key = _key(call, {str(n): (lang,) for n, lang in enumerate(langs, start=1)})
    if key and key.isdigit() and 1 <= int(key) <= len(langs):
        chosen = Call(langs[int(key) - 1], call.slow)
        return _main(chosen, [])
    here = lambda c: _url("voice.languages", c)  # noqa: E731
    return _everywhere(key, call, here) or _languages(call)


@bp.errorhandler(Exception)
def speak_on_error(error: Exception) -> ResponseReturnValue:
    """Whatever failed, the caller hears words, never silence or Twilio's error message."""
    if isinstance(error, HTTPException) and (error.code or 500) < 500:
        return error.get_response()
    log.exception("voice handler failed", exc_info=error)
    try:
        call = _call()
        apology, final = [_say("prompt:error", call)], [_say("prompt:error_goodbye", call)]
    except Exception:
        apology = [Utterance("Sorry, something went wrong on our side.")]
        final = [Utterance("Sorry, this line has a problem. Please call again later. Goodbye.")]
    if request.args.get("recovered"):
        return _xml(twiml.goodbye(final))
    return _xml(twiml.go_to(apology, url_for("voice.menu", menu_id=MAIN, recovered=1)))
