"""Articles, menus and prompts as the line holds them: frozen dataclasses, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.content.languages import DEFAULT_LANGUAGE
from app.errors import LineError

if TYPE_CHECKING:
    from app.content.answers import ShortAnswer

MAIN_MENU = "main"
MAX_TOPICS = 5
TOPIC_KEYS = tuple(str(n) for n in range(1, MAX_TOPICS + 1))


class ContentError(LineError, ValueError):
    """Content that the line cannot serve, with the file and the reason."""


@dataclass(frozen=True)
class Link:
    title: str
    url: str


# The parts of a particular scan's information, in the order they play.
SECTIONS = ("before", "day", "after", "pregnancy", "results")
# How many files each parser keeps parsed, by their text: a parse is a pure function of the
# text (and the file's name), and content is read again at every change mostly unchanged.
PARSED_KEPT = 4096


@dataclass(frozen=True)
class Section:
    """A part of a particular scan's information, with its heading: before, on the day..."""

    name: str  # before, day, after, pregnancy, results
    heading: str
    text: str
    asks: tuple[str, ...] = ()  # how callers ask about this part of this scan: never spoken


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    menu: str
    key: str
    option: str
    keywords: tuple[str, ...]
    sms_summary: str
    links: tuple[Link, ...]
    last_reviewed: dt.date | None
    review_due: dt.date | None
    body: str
    needs_review: bool = False
    # A particular scan's (app.content.procedures): its parts, each played as one; the
    # sentence said before them; what its page says of who confirmed its numbers.
    sections: tuple[Section, ...] = ()
    lead: str = ""
    confirmation: str = ""
    # A topic's: how callers ask about it (never spoken; the question finder compares a
    # question with them). A scan's are its parts' own (Section.asks).
    asks: tuple[str, ...] = ()

    @property
    def is_procedure(self) -> bool:
        return bool(self.sections)

    @property
    def section_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sections)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in re.split(r"\n\s*\n", self.body) if p.strip())

    @property
    def title_sentence(self) -> str:
        return sentence(self.title)

    @property
    def spoken(self) -> str:
        """What a caller hears: the title, then the body as running sentences."""
        return " ".join((self.title_sentence, *(" ".join(p.split()) for p in self.paragraphs)))


@dataclass(frozen=True)
class Topic:
    """One choice on a menu: an article or another menu."""

    key: str
    option: str
    keywords: tuple[str, ...]
    article: str | None = None
    menu: str | None = None


@dataclass(frozen=True)
class Menu:
    id: str
    title: str
    intro: str
    parent: str | None
    topics: tuple[Topic, ...]

    def topic(self, key: str) -> Topic | None:
        return next((t for t in self.topics if t.key == key), None)


@dataclass(frozen=True)
class Recording:
    """A person's recording that plays instead of TTS for an item, while its words are still
    the item's words (`words`: a digest of them; app.audio.names.words_digest)."""

    words: str
    normal: str  # the file, <digest>.mp3
    slow: str  # the same, a fifth slower, pitch kept
    by: str = ""
    approved_by: str = ""


@dataclass(frozen=True)
class Library:
    """Everything the line says in one language."""

    articles: Mapping[str, Article]
    menus: Mapping[str, Menu]
    prompts: Mapping[str, str]
    lang: str = DEFAULT_LANGUAGE
    recordings: Mapping[str, Recording] = field(default_factory=dict)  # by item key
    # Short answers for questions in callers' own words, by id: only those whose topic or
    # scan is in this library (app.content.answers).
    answers: Mapping[str, ShortAnswer] = field(default_factory=dict)
    _words: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def prompt(self, name: str, **values: str) -> str:
        return self.prompts[name].format(**values)

    def words(self, name: str) -> tuple[str, ...]:
        """Words callers may say, from a comma-separated prompt such as words_back."""
        if name not in self._words:
            text = self.prompts.get(name, "")
            self._words[name] = tuple(w.strip().lower() for w in text.split(",") if w.strip())
        return self._words[name]


def sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."
