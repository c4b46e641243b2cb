"""A text to the line, whichever service brings it (Twilio's webhook, Notify's received-text
callback): STOP and START recorded, a language chosen, the limits applied, and the replies
decided. The webhook sends them back its own way (TwiML for Twilio, a queued job for Notify),
so what the line promises about texts holds on both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app import redis_keys
from app.ask.kept import keep_unanswered
from app.content.model import Library
from app.content.wording import gsm7
from app.core import counts
from app.core.counts import Count
from app.privacy import number_key
from app.services import services
from app.sms_values import Provider
from app.texts.conversation import answer, understand
from app.texts.optouts import opt_in, opt_out, opted_out
from app.texts.replies import ReplyLimits, may_reply


@dataclass(frozen=True)
class Reply:
    """One text back: its words, their language, and whether it tells a number it opted out
    (the one text a number on the STOP list gets)."""

    text: str
    lang: str = "en"
    after_stop: bool = False


def replies(sender: str, body: str, brought_by: Provider) -> list[Reply]:
    """What the line does with a text from `sender`, and the replies (none, or one)."""
    line = services()
    redis, secret = line.redis, line.settings.secret_key.value
    libraries = line.speaker.libraries
    asked = understand(body, libraries)
    if asked.kind == "stop":
        opt_out(redis, secret, sender)
        # Twilio confirms a STOP sent on its own (Notify does not: the line does); a longer
        # text ("stop eating?") is told it opted out and how to start again, within the same
        # limits as any reply.
        confirmed = asked.alone and brought_by == Provider.TWILIO
        limits = ReplyLimits.of(line.settings)
        if not confirmed and may_reply(redis, limits, sender, dt.date.today()) == "reply":
            library = _library(sender)
            return [Reply(gsm7(library.prompt("sms_stopped")), library.lang, after_stop=True)]
        return []
    if asked.kind == "start":
        opt_in(redis, secret, sender)
        return []
    if opted_out(redis, secret, sender):
        return []  # nothing more is ever sent to a number that said STOP
    allowed = may_reply(redis, ReplyLimits.of(line.settings), sender, dt.date.today())
    if allowed != "reply":  # not a mobile the line texts, or past a limit: no reply at all
        counts.count(redis, Count.TEXTS_RECEIVED, Count.refused(allowed))
        return []
    counts.count(redis, Count.TEXTS_RECEIVED)
    if asked.kind == "language":
        key = redis_keys.text_language(number_key(secret, sender))
        redis.set(key, asked.lang, ex=redis_keys.TEXT_LANGUAGE_SECONDS)
        return [Reply(gsm7(libraries[asked.lang].prompt("sms_language")), asked.lang)]
    library = _library(sender)
    words = answer(library, body, line.settings.public_base_url, _kept(library.lang))
    return [Reply(words, library.lang)]


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
