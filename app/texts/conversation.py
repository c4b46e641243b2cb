"""The rules of a text conversation with the line, as pure functions: what a text asks for,
and the words of the reply."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from app.content.links import article_link
from app.content.model import Library
from app.texts.wording import help_text, menu_text, sms_topics, topic_text
from app.voice.choices import choose

# Twilio answers these itself on long codes and still forwards them: we record, not reply.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})
MENU_WORDS = frozenset({"MENU", "?", "TOPICS", "LIST"})
# Texting a language's name switches the conversation to it (for 90 days).
LANGUAGE_NAMES = {
    "ENGLISH": "en", "SAESNEG": "en", "ANGIELSKI": "en",
    "CYMRAEG": "cy", "WELSH": "cy",
    "POLSKI": "pl", "POLISH": "pl",
}  # fmt: skip


@dataclass(frozen=True)
class Asked:
    """What a text asks for: stop, start, language (with `lang`), or an answer."""

    kind: str
    lang: str = ""


def understand(body: str, languages: Collection[str]) -> Asked:
    """What the sender wants, from the words of their text."""
    words = body.strip().upper().split()
    first = words[0] if words else ""
    if first in STOP_WORDS:
        return Asked("stop")
    if first in START_WORDS:
        return Asked("start")
    chosen = LANGUAGE_NAMES.get(first, "")
    if chosen in languages and len(words) <= 2:
        return Asked("language", chosen)
    return Asked("answer")


def answer(library: Library, body: str, base_url: str) -> str:
    """The reply to a text: a topic's summary and link, help, or the list of topics."""
    words = body.strip().upper().split()
    first = words[0] if words else ""
    if first in HELP_WORDS:
        return help_text(library, base_url)
    topics = sms_topics(library)
    options = {str(n): a.keywords for n, a in enumerate(topics, start=1)}
    key = None if first in MENU_WORDS else choose("", body, options)
    if key in options:
        article = topics[int(key) - 1]
        return topic_text(article, article_link(base_url, article.id, library.lang))
    return menu_text(library, topics)
