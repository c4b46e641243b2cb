"""Every item the line speaks, in every language and speed, built from content alone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.audio.names import words_digest
from app.content.item_keys import ItemKey
from app.content.model import Library
from app.content.spoken import guess_text, intro_text, menu_text, parts

# Prompts spoken on their own, as their own audio files.
STANDALONE_PROMPTS = (
    "welcome",
    "urgent",
    "after_article",
    "feedback_question",
    "feedback_thanks",
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
    "callback_offer",
    "callback_confirmed",
    "callback_withheld",
    "callback_already",
    "callback_full",
    "callback_unavailable",
    "language_offer",
    "language_menu",
    "ask_question",
    "ask_urgent",
    "ask_answer_options",
    "ask_not_sure",
    "ask_not_sure_options",
    "ask_still_not_sure",
)
# When the line is not sure of an answer, it offers the two closest topics on these keys.
OFFER_KEYS = (1, 2)
# The one prompt whose words depend on the other languages (its place on the language menu).
LANGUAGE_OPTION = ItemKey.prompt("language_option")
# Every item is rendered at normal speed and slower, for callers who ask for it.
SPEEDS = (False, True)


@dataclass(frozen=True)
class Item:
    """One thing the line says: which item, its words, its language and speed."""

    key: str  # an ItemKey as text: "menu:main", "article:your-results:1", "prompt:welcome"
    text: str
    lang: str = "en"
    slow: bool = False
    # A person's recording of exactly these words, approved: the file played instead of TTS.
    recording: str | None = None

    @property
    def id(self) -> str:
        return item_id(self.key, self.lang, self.slow)


def item_id(key: str, lang: str = "en", slow: bool = False) -> str:
    """The manifest's name for an item: language, speed, key ('en/normal/menu:main')."""
    return f"{lang}/{'slow' if slow else 'normal'}/{key}"


def parse_item_id(name: str) -> tuple[str, str, bool]:
    """`item_id` read back: the key, the language, and whether it is the slower speech."""
    lang, speed, key = name.split("/", 2)
    return key, lang, speed == "slow"


def _texts(library: Library, libraries: Mapping[str, Library]) -> dict[str, str]:
    texts = {ItemKey.prompt(name): library.prompt(name) for name in STANDALONE_PROMPTS}
    texts.update({ItemKey.menu(m.id): menu_text(library, m) for m in library.menus.values()})
    # How to choose this language on the language menu, said in this language.
    position = list(libraries).index(library.lang) + 1 if library.lang in libraries else 1
    texts[LANGUAGE_OPTION] = library.prompt("language_option", key=str(position))
    for article in library.articles.values():
        texts[ItemKey.intro(article.id)] = intro_text(library, article)
        for n, words in enumerate(parts(article), start=1):
            texts[ItemKey.article(article.id, n)] = words
            texts[ItemKey.guess(article.id, n)] = guess_text(library, article.id, n)
        for n in OFFER_KEYS:
            offered = library.prompt("option", option=article.option, key=str(n))
            texts[ItemKey.offer(article.id, n)] = offered
    for answer in library.answers.values():
        texts[ItemKey.answer(answer.id)] = answer.answer
        texts[ItemKey.guess(answer.id)] = guess_text(library, answer.more, answer=answer.id)
    return {str(key): text for key, text in texts.items()}


def spoken_items(libraries: Iterable[Library]) -> dict[str, Item]:
    """Every item of every library, by id."""
    by_lang = {library.lang: library for library in libraries}
    items = {}
    for library in by_lang.values():
        for key, text in _texts(library, by_lang).items():
            recorded = library.recordings.get(key)
            if recorded is not None and recorded.words != words_digest(text):
                recorded = None  # a recording of other words: out of date, never played
            for slow in SPEEDS:
                file = (recorded.slow if slow else recorded.normal) if recorded else None
                item = Item(key, text, library.lang, slow, file)
                items[item.id] = item
    return items
