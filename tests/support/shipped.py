"""The shipped content, read when a test first asks, never when a test module is imported:
so a content edit fails the tests that check it, not the collection of every test.

Tests that run once per article, menu or language say so with a marker, read at
collection time (conftest.py): `@pytest.mark.shipped("article_id", "articles")`."""

from __future__ import annotations

import functools

from app.content.languages import DEFAULT_LANGUAGE
from app.content.loader import load_libraries
from app.content.model import MAIN_MENU, Library
from app.content.spoken import parts
from tests.support.line import CONTENT


@functools.cache
def libraries() -> dict[str, Library]:
    return load_libraries(CONTENT)


def library(lang: str = "en") -> Library:
    return libraries()[lang]


def longest() -> str:
    """The English topic with the most parts."""
    return max(sorted(library().articles), key=lambda a: len(parts(library().articles[a])))


def values(what: str) -> list[object]:
    """What a `shipped` marker runs over."""
    return {
        "articles": lambda: sorted(library().articles),
        "menus": lambda: sorted(library().menus),
        "languages": lambda: list(libraries()),
        "translations": lambda: [lang for lang in libraries() if lang != DEFAULT_LANGUAGE],
        # Where a caller can be in the longest topic: each part, then after it (None).
        "positions": lambda: [*range(1, len(parts(library().articles[longest()])) + 1), None],
    }[what]()


def menu_heard(menu_id: str) -> list[str]:
    """What a caller hears at a menu: the main menu also offers each other language."""
    offers = ["prompt:language_offer"] * (len(libraries()) - 1) if menu_id == MAIN_MENU else []
    return [f"menu:{menu_id}", *offers]


def main_heard() -> list[str]:
    return menu_heard(MAIN_MENU)
