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
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, Request, Response, current_app, request, url_for

from app.ask.kept import keep_unanswered
from app.audio.manifest import playable
from app.audio.speaker import Speaker, Unpublished, Utterance
from app.content.item_keys import ItemKey
from app.content.languages import language_tag
from app.content.model import Article
from app.core import measures
from app.core.hours import LONDON
from app.services import services
from app.texts.policy import request_link_text
from app.voice.call import Call, Department, Line

# Kept per app in app.extensions. url_for's answer depends only on the endpoint, the values
# and where the app is mounted (SCRIPT_NAME); the values come from the content and the
# line's own URLs (help's `back`), never from the caller. Both kept to a bound anyway.
_URLS, _ANSWERS, _MAX = "voice.urls", "voice.answers", 4096
# Set in the WSGI environ by the admin's test phone only (RequestLine.test_phone_environ; no
# header or form field can reach them): the request is not a patient's, and the line as a
# draft would make it, an app.audio.speaker.Unpublished (never remembered).
ADMIN_TEST = "nmline.admin_test"
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


class RequestLine:
    """The line as this request sees it: how to say an item, count, text a link and find
    the department, each step's effects written into one `Recording`. The app, its services
    and the request are looked up once here, for every step of the answer."""

    def __init__(self, recording: Recording | None = None) -> None:
        self.app, self.request = _this_app(), _this_request()
        self.services = services(self.app)
        self.seen = recording or Recording()
        self.speaker: Speaker | Unpublished = self.services.speaker
        self.admin_test = self.from_test_phone(self.request)
        draft = self.draft_of(self.request.environ)
        if draft is not None:
            self.speaker, self.seen.personal = draft, True

    @staticmethod
    def test_phone_environ(draft: Unpublished | None = None) -> dict[str, object]:
        """The WSGI environ the admin's test phone rings the line with: not a patient (its
        steps are not counted) and, given `draft`, the line as that draft would make it."""
        return {ADMIN_TEST: True, **({UNPUBLISHED: draft} if draft is not None else {})}

    @staticmethod
    def from_test_phone(req: Request) -> bool:
        """Whether a request is the admin's test phone's, not a patient's."""
        return bool(req.environ.get(ADMIN_TEST))

    @staticmethod
    def draft_of(environ: Mapping[str, object]) -> Unpublished | None:
        """The draft a test phone's request rings the line as, if any."""
        found = environ.get(UNPUBLISHED)
        return found if isinstance(found, Unpublished) else None

    def say(self, key: ItemKey, call: Call) -> Utterance:
        said, path = self.speaker.look(str(key), call.lang, call.slow)
        if path:
            self.seen.looked.append((path, said.url is not None))
        if said.url is None:
            self.seen.fallbacks.append(call.lang)
            measures.say_fallback(call.lang)
        return said

    def count(self, *names: str) -> None:
        self.seen.counts.extend(names)
        if not self.admin_test:  # the admin's phone page is not a patient
            self.services.tally.count(*names)  # never waits on Redis

    def text_link(self, article: Article, call: Call) -> Utterance:
        """Queue a text of the topic's link to the caller; what to tell them about it."""
        self.seen.personal = True
        line, form = self.services, self.request.form
        prompt, values = request_link_text(
            line.redis,
            line.sms_queue,
            line.text_policy,
            article.id,
            form.get("CallSid", ""),
            form.get("From", ""),
            lang=call.lang,
        )
        if values:  # a sentence with the caller's digits in it has no recording: it is spoken
            library = self.speaker.libraries[call.lang]
            return Utterance(library.prompt(prompt, **values), language=language_tag(call.lang))
        return self.say(ItemKey.prompt(prompt), call)

    def department(self) -> Department | None:
        self.seen.personal = True
        found = self.services.department.values()  # Redis's copy: never the database
        hours = found.hours()
        if not found.transfer_to or hours is None:
            return None
        now = dt.datetime.now(dt.UTC)
        today = now.astimezone(LONDON).date()
        return Department(found.transfer_to, hours, hours.is_open(now), found.reopens(today))

    def parts(self) -> tuple[Line, Call]:
        """The line's steps as a view takes them, and the call's choices from the URL."""
        libraries = self.speaker.libraries
        call = Call.from_args(self.request.args, libraries)
        url = _urls(self.app, self.request)
        line = Line(libraries, self.say, url, self.count, self.text_link, self.department,
                    lambda words, lang: keep_unanswered(words, lang, "phone"))  # fmt: skip
        return line, call


def request_line(recording: Recording | None = None) -> tuple[Line, Call]:
    """The line as this request sees it, and the call's choices (RequestLine.parts)."""
    return RequestLine(recording).parts()


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
                measures.say_fallback(lang)
            if found.counts and not RequestLine.from_test_phone(req):
                line.tally.count(*found.counts)
            return Response(found.body, mimetype="text/xml")
        recording = Recording()
        body = build(*request_line(recording), **values)
        made = recording.answer(body)
        if made is not None and line.speaker.generation() is generation:
            answers.put(generation, key, made)
        return Response(body, mimetype="text/xml")

    return view
