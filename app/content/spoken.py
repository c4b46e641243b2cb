"""Content as it is spoken: a topic in parts of about 30 seconds, its introduction, and
each menu as one passage. Pure: the words callers hear, before any audio is made."""

from __future__ import annotations

import functools
import math
import re

from app.content.model import MAIN_MENU, Article, Library, Menu

# About 30 seconds of speech at 150 words a minute: a part a caller can step through.
PART_WORDS = 75
WORDS_PER_MINUTE = 150
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@functools.lru_cache(maxsize=4096)
def parts(article: Article) -> tuple[str, ...]:
    """The article as parts of about 30 seconds, split between paragraphs or sentences.
    (Articles are frozen: an edited one is another article, so the cache never goes stale.)
    A particular scan plays one part to each of its sections, so a caller can step to "after"."""
    if article.sections:
        return article.paragraphs
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
    if article.lead:
        text += " " + article.lead
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
    if menu.id == MAIN_MENU:  # questions are heard at every menu: the first says so
        parts_.append(library.prompt("ask_invite"))
    return " ".join(parts_)


def guess_name(library: Library, topic: str, part: int = 1, answer: str = "") -> str:
    """How the line names an answer it is not sure of: a short answer's question, a scan's
    name and its part's heading, or a topic's title."""
    if answer:
        return library.answers[answer].question.rstrip(" ?.!")
    article = library.articles[topic]
    if article.is_procedure:
        return f"{article.title}: {article.sections[part - 1].heading}"
    return article.title


def guess_text(library: Library, topic: str, part: int = 1, answer: str = "") -> str:
    """What the line says to name an answer it is not sure of, as a choice on key 1."""
    return library.prompt("ask_maybe", choice=guess_name(library, topic, part, answer))
