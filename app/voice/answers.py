"""How a webhook's answer is made: the line as one request sees it, and answers remembered.

A place of a call, with the same content and the same audio files, is the same TwiML for
every caller, so the routes that only say where the caller is (`@remembered`) make it once
and then check it. An answer is remembered only when nothing but the content, the manifest,
its URL and which audio files are there went into it: never one that texted the caller a
link or looked at the department's hours. Each time it is given again, every file it looked
at is looked at again (still there and not empty, or still missing), and what it counted is
counted again: calls, plays, topics finished and the <Say> fallbacks, as making it would."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, Request, Response, current_app, request, url_for

from app.audio.manifest import playable
from app.audio.speaker import Speaker, Unpublished, Utterance, language_tag
from app.content.model import Article
from app.ops import metrics
from app.services import services
from app.texts.policy import request_link_text
from app.voice.call import Call, Department, Line

# Kept per app in app.extensions. url_for's answer depends only on the endpoint, the values
# and where the app is mounted (SCRIPT_NAME); the values come from the content and the
# line's own URLs (help's `back`), never from the caller. Both kept to a bound anyway.
_URLS, _ANSWERS, _MAX = "voice.urls", "voice.answers", 4096
# Set in the WSGI environ by the admin's test phone only (no header can reach it): the line
# as a draft would make it, an app.audio.speaker.Unpublished. Never remembered.
UNPUBLISHED = "nmline.unpublished"
T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    """The TwiML, the audio files it looked at (each with whether it played), the languages
    of the items it spoke with <Say> for want of a file, and the names it counted."""

    body: str
    looked: tuple[tuple[str, bool], ...] = ()
    fallbacks: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()

    def holds(self) -> bool:
        """Every file it played is still there and not empty, and none it could not is."""
        return all(playable(path) == played for path, played in self.looked)


@dataclass
class Recording:
    """What one answer looks at and does while it is made."""

    looked: list[tuple[str, bool]] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)
    personal: bool = False  # it texted the caller, or asked whether the department is open

    def answer(self, body: str) -> Answer | None:
        if self.personal:
            return None
        return Answer(body, tuple(self.looked), tuple(self.fallbacks), tuple(self.counts))


class Answers:
    """One app's remembered answers, for one generation of content and manifest at a time:
    a new generation starts with none."""

    def __init__(self, size: int = _MAX) -> None:
        self.size = size
        # Replaced whole, never half: a thread reads a generation with its own answers.
        self._now: tuple[object, dict[Hashable, Answer]] = (None, {})

    def get(self, generation: object, key: Hashable) -> Answer | None:
        """The answer remembered for `key` in this generation, if it still holds."""
        now, answers = self._now
        found = answers.get(key) if now is generation else None
        return found if found is not None and found.holds() else None

    def put(self, generation: object, key: Hashable, answer: Answer) -> None:
        now, answers = self._now
        if now is not generation or len(answers) >= self.size:
            answers = {}
            self._now = (generation, answers)
        answers[key] = answer


def _this_request() -> Request:
    return request._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _this_app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _kept(app: Flask, name: str, make: Callable[[], T]) -> T:
    found = app.extensions.get(name)
    if found is None:
        found = app.extensions[name] = make()
    return found


def _admin_test(req: Request) -> bool:
    """A request from the admin's phone page, not a patient's. (`in` first: a MultiDict's
    get() makes an exception for a missing key, and patients' requests never have it.)"""
    return "AdminTest" in req.form and bool(req.form["AdminTest"])


def _urls(app: Flask, req: Request) -> Callable[..., str]:
    """url(endpoint, call, **values) for this request, each URL built once."""
    built: dict[tuple[object, ...], str] = _kept(app, _URLS, dict)
    root = req.script_root

    def url(endpoint: str, call: Call, **values: Any) -> str:
        values = {**call.args(), **values}
        key = (root, endpoint, *((k, type(v), v) for k, v in values.items()))
        found = built.get(key)
        if found is None:
            if len(built) >= _MAX:
                built.clear()
            found = built[key] = url_for(endpoint, **values)
        return found

    return url


def request_line(recording: Recording | None = None) -> tuple[Line, Call]:
    """The line as this request sees it, and the call's choices from the URL; what the
    answer looks at and does goes into `recording`. The app, its services and the request
    are looked up once here, for every step of the answer."""
    app, req = _this_app(), _this_request()
    line, seen = services(app), recording or Recording()
    speaker: Speaker | Unpublished = line.speaker
    admin_test = _admin_test(req)
    if UNPUBLISHED in req.environ:
        speaker, seen.personal = req.environ[UNPUBLISHED], True

    def say(key: str, call: Call) -> Utterance:
        said, path = speaker.look(key, call.lang, call.slow)
        if path:
            seen.looked.append((path, said.url is not None))
        if said.url is None:
            seen.fallbacks.append(call.lang)
            metrics.say_fallback(call.lang)
        return said

    def count(*names: str) -> None:
        seen.counts.extend(names)
        if not admin_test:  # the admin's phone page is not a patient
            line.tally.count(*names)  # never waits on Redis

    def text_link(article: Article, call: Call) -> Utterance:
        """Queue a text of the topic's link to the caller; what to tell them about it."""
        seen.personal = True
        prompt, values = request_link_text(
            line.redis,
            line.sms_queue,
            line.text_policy,
            article.id,
            req.form.get("CallSid", ""),
            req.form.get("From", ""),
            lang=call.lang,
        )
        if values:  # a sentence with the caller's digits in it has no recording: it is spoken
            library = speaker.libraries[call.lang]
            return Utterance(library.prompt(prompt, **values), language=language_tag(call.lang))
        return say(f"prompt:{prompt}", call)

    def department() -> Department | None:
        seen.personal = True
        settings = line.settings
        if not settings.department_phone or settings.hours is None:
            return None
        now = dt.datetime.now(dt.UTC)
        return Department(settings.department_phone, settings.hours, settings.hours.is_open(now))

    libraries = speaker.libraries
    call = Call.from_args(req.args, libraries)
    return Line(libraries, say, _urls(app, req), count, text_link, department), call


def remembered(build: Callable[..., str]) -> Callable[..., Response]:
    """A route answered by `build(line, call, **its URL's values)`, remembered (see above)."""

    @functools.wraps(build)
    def view(**values: Any) -> Response:
        app, req = _this_app(), _this_request()
        line = services(app)
        answers: Answers = _kept(app, _ANSWERS, Answers)
        generation = line.speaker.generation()
        key = (req.endpoint, req.script_root, req.query_string, *values.items())
        found = None if UNPUBLISHED in req.environ else answers.get(generation, key)
        if found is not None:  # counted as making it would have counted
            for lang in found.fallbacks:
                metrics.say_fallback(lang)
            if found.counts and not _admin_test(req):
                line.tally.count(*found.counts)
            return Response(found.body, mimetype="text/xml")
        recording = Recording()
        body = build(*request_line(recording), **values)
        made = recording.answer(body)
        if made is not None and line.speaker.generation() is generation:
            answers.put(generation, key, made)
        return Response(body, mimetype="text/xml")

    return view
