"""Every item the line speaks, in every language and speed, built from content alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.content import MAIN_MENU, Library, Menu

# Prompts spoken on their own, as their own audio files.
STANDALONE_PROMPTS = (
    "welcome",
    "after_article",
    "help",
    "sorry",
    "no_input",
    "goodbye",
    "text_unavailable",
    "text_withheld",
    "text_landline",
    "text_abroad",
    "text_opted_out",
    "text_already_sent",
    "text_limit",
    "error",
    "error_goodbye",
)
# The speeds each item is rendered at. The slower variant arrives with the slow-speech option.
SPEEDS = (False,)


@dataclass(frozen=True)
class Item:
    """One thing the line says: which item, its words, its language and speed."""

    key: str  # e.g. "menu:main", "article:your-results", "prompt:welcome"
    text: str
    lang: str = "en"
    slow: bool = False

    @property
    def id(self) -> str:
        return item_id(self.key, self.lang, self.slow)


def item_id(key: str, lang: str = "en", slow: bool = False) -> str:
    """The manifest's name for an item: language, speed, key ('en/normal/menu:main')."""
    return f"{lang}/{'slow' if slow else 'normal'}/{key}"


def menu_text(library: Library, menu: Menu) -> str:
    """A menu as one spoken passage: its name, each option before its key, how to go on."""
    parts = [menu.intro]
    parts += [library.prompt("option", option=t.option, key=t.key) for t in menu.topics]
    parts.append(library.prompt("menu_repeat"))
    if menu.id != MAIN_MENU:
        parts.append(library.prompt("menu_back"))
    return " ".join(parts)


def _texts(library: Library) -> dict[str, str]:
    texts = {f"prompt:{name}": library.prompt(name) for name in STANDALONE_PROMPTS}
    texts.update({f"menu:{m.id}": menu_text(library, m) for m in library.menus.values()})
    texts.update({f"article:{a.id}": a.spoken for a in library.articles.values()})
    return texts


def spoken_items(libraries: Iterable[Library]) -> dict[str, Item]:
    """Every item of every library, by id."""
    items = {}
    for library in libraries:
        for key, text in _texts(library).items():
            for slow in SPEEDS:
                item = Item(key, text, library.lang, slow)
                items[item.id] = item
    return items
