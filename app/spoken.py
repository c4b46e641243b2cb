"""Every item the line speaks, in every language and speed, built from content alone."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.content import MAIN_MENU, Article, Library, Menu

# Prompts spoken on their own, as their own audio files.
STANDALONE_PROMPTS = (
    "welcome",
    "after_article",
    "help",
    "sorry",
    "no_input",
    "goodbye",
    "text_unavailable",
    "error",
    "error_goodbye",
    "text_withheld",
    "text_landline",
    "text_abroad",
    "text_opted_out",
    "text_already_sent",
    "text_limit",
    "slower",
    "person_open",
    "person_connecting",
    "person_busy",
    "language_offer",
    "language_menu",
)
# Every item is rendered at normal speed and slower, for callers who ask for it.
SPEEDS = (False, True)
# About 30 seconds of speech at 150 words a minute: a part a caller can step through.
PART_WORDS = 75
WORDS_PER_MINUTE = 150
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Item:
    """One thing the line says: which item, its words, its language and speed."""

    key: str  # e.g. "menu:main", "article:your-results:1", "prompt:welcome"
    text: str
    lang: str = "en"
    slow: bool = False

    @property
    def id(self) -> str:
        return item_id(self.key, self.lang, self.slow)


def item_id(key: str, lang: str = "en", slow: bool = False) -> str:
    """The manifest's name for an item: language, speed, key ('en/normal/menu:main')."""
    return f"{lang}/{'slow' if slow else 'normal'}/{key}"


@functools.lru_cache(maxsize=4096)
def parts(article: Article) -> tuple[str, ...]:
    """The article as parts of about 30 seconds, split between paragraphs or sentences.
    (Articles are frozen: an edited one is another article, so the cache never goes stale.)"""
    chunks: list[str] = []
    current: list[str] = []
    sentences = [s for p in article.paragraphs for s in _SENTENCE.split(" ".join(p.split()))]
    for sentence in sentences:
        current.append(sentence)
        if sum(len(s.split()) for s in current) >= PART_WORDS:
            chunks.append(" ".join(current))
            current = []
    if current:
        if chunks and sum(len(s.split()) for s in current) < PART_WORDS // 3:
            chunks[-1] += " " + " ".join(current)  # no tiny last part
        else:
            chunks.append(" ".join(current))
    return tuple(chunks)


def intro_text(library: Library, article: Article) -> str:
    """The topic's title, how long it takes and when it was last checked: said first."""
    words = len(article.spoken.split())
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    length = (
        library.prompt("minute") if minutes == 1 else library.prompt("minutes", count=str(minutes))
    )
    text = f"{article.title_sentence} {library.prompt('article_length', minutes=length)}"
    if article.last_reviewed:
        months = [m.strip() for m in library.prompts["months"].split(",")]
        checked = library.prompt(
            "article_checked",
            month=months[article.last_reviewed.month - 1],
            year=str(article.last_reviewed.year),
        )
        text += " " + checked
    return text


def menu_text(library: Library, menu: Menu) -> str:
    """A menu as one spoken passage: its name, each option before its key, how to go on.
    (The main menu's offers of other languages are items of those languages, so that each
    is spoken in its own voice.)"""
    parts_ = [menu.intro]
    parts_ += [library.prompt("option", option=t.option, key=t.key) for t in menu.topics]
    parts_.append(library.prompt("menu_repeat"))
    # The welcome is kept short, so the main menu ends by saying where help is.
    parts_.append(library.prompt("menu_help" if menu.id == MAIN_MENU else "menu_back"))
    return " ".join(parts_)


def _texts(library: Library, libraries: Mapping[str, Library]) -> dict[str, str]:
    texts = {f"prompt:{name}": library.prompt(name) for name in STANDALONE_PROMPTS}
    texts.update({f"menu:{m.id}": menu_text(library, m) for m in library.menus.values()})
    # How to choose this language on the language menu, said in this language.
    position = list(libraries).index(library.lang) + 1 if library.lang in libraries else 1
    texts["prompt:language_option"] = library.prompt("language_option", key=str(position))
    for article in library.articles.values():
        texts[f"intro:{article.id}"] = intro_text(library, article)
        for n, words in enumerate(parts(article), start=1):
            texts[f"article:{article.id}:{n}"] = words
    return texts


def spoken_items(libraries: Iterable[Library]) -> dict[str, Item]:
    """Every item of every library, by id."""
    by_lang = {library.lang: library for library in libraries}
    items = {}
    for library in by_lang.values():
        for key, text in _texts(library, by_lang).items():
            for slow in SPEEDS:
                item = Item(key, text, library.lang, slow)
                items[item.id] = item
    return items
