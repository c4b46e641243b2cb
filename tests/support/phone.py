"""A caller's ways through the line: the keys or words to a topic or menu, and a topic
listened to the end."""

from __future__ import annotations

from flask import Flask

from app.content.keys import LANGUAGE
from app.content.model import Library
from app.content.spoken import parts
from app.services import services
from tests.support.shipped import library
from tests.support.simulator import Call, Turn

# What a caller hears after a topic, until they have said whether it helped.
OPTIONS = ["prompt:after_article", "prompt:feedback_question"]


def to_end(phone: Call, turn: Turn) -> tuple[list[str], Turn]:
    """Stay silent through every part of a topic; all that was heard, and the last turn."""
    heard = list(turn.heard)
    while turn.gather and "/part/" in turn.gather["action"]:
        turn = phone.wait()
        heard += turn.heard
    return heard, turn


def parts_of(article_id: str, lang: str = "en") -> list[str]:
    """The items of a shipped topic's parts, in order."""
    count = len(parts(library(lang).articles[article_id]))
    return [f"article:{article_id}:{n}" for n in range(1, count + 1)]


def key_path(library: Library, article_id: str) -> list[str]:
    """The keys a caller presses from the main menu to reach an article."""
    article = library.articles[article_id]
    keys, menu = [article.key], library.menus[article.menu]
    while menu.parent:
        parent = library.menus[menu.parent]
        keys.insert(0, next(t.key for t in parent.topics if t.menu == menu.id))
        menu = parent
    return keys


def word_path(library: Library, article_id: str) -> list[str]:
    """What a caller says, menu by menu, to reach an article."""
    article = library.articles[article_id]
    words, menu = [article.keywords[0]], library.menus[article.menu]
    while menu.parent:
        topic = next(t for t in library.menus[menu.parent].topics if t.menu == menu.id)
        words.insert(0, topic.keywords[0])
        menu = library.menus[menu.parent]
    return words


def menu_path(library: Library, menu_id: str) -> list[str]:
    keys, menu = [], library.menus[menu_id]
    while menu.parent:
        keys.insert(0, next(t.key for t in library.menus[menu.parent].topics if t.menu == menu.id))
        menu = library.menus[menu.parent]
    return keys


def skip_to_options(phone: Call, turn: Turn) -> Turn:
    """Press 6 through the parts of a topic, to the options after it."""
    while turn.gather and "/part/" in turn.gather["action"]:
        turn = phone.press("6")
    return turn


def call_in(app: Flask, call, lang: str) -> tuple[Call, Turn]:  # type: ignore[no-untyped-def]
    """A call at the main menu in `lang`, chosen as a caller does: hash, then its number."""
    phone = call()
    turn = phone.start()
    if lang != "en":
        phone.press(LANGUAGE)
        turn = phone.press(str(list(services(app).speaker.libraries).index(lang) + 1))
    return phone, turn
