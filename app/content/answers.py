"""Short answers: a question's phrasings, a reviewed answer of at most 60 words, and the topic
or scan (and its part) for more. Written for questions callers ask in their own words
(app.ask finds them); drafted, reviewed and versioned in the editor like topics. Pure parsers.

    answers/eating-before.yaml      the English phrasings and answer, and where more is
    answers/eating-before.cy.yaml   the Welsh phrasings and answer only
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.content.model import PARSED_KEPT, SECTIONS, ContentError
from app.content.parse import load_yaml, text_of, when

FOLDER = "answers"
# About 20 seconds of speech: an answer, not a topic.
MOST_WORDS = 60
_ID = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{0,63}$")
_FILE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]{0,63})(?:\.(?P<lang>[a-z]{2,3}))?\.yaml$")
# Set once, for every language, in the English file only.
SHARED = ("more", "section")


@dataclass(frozen=True)
class AnswerWords:
    """One language's words of a short answer."""

    question: str  # as staff write it: the editor's lists; named to callers when not sure
    phrasings: tuple[str, ...]  # ways callers ask it
    answer: str
    last_reviewed: dt.date | None = None
    review_due: dt.date | None = None


@dataclass(frozen=True)
class ShortAnswer:
    """A short answer in one language, with where more is: a topic's or scan's id and, for
    a scan, its part (`section`)."""

    id: str
    words: AnswerWords
    more: str
    section: str = ""

    @property
    def question(self) -> str:
        return self.words.question

    @property
    def phrasings(self) -> tuple[str, ...]:
        return self.words.phrasings

    @property
    def answer(self) -> str:
        return self.words.answer


def file_name(answer_id: str, suffix: str) -> str:
    """An answer's file in one language, in the content folder: answers/<id><suffix>.yaml."""
    return f"{FOLDER}/{answer_id}{suffix}.yaml"


def split_name(name: str) -> tuple[str, str | None] | None:
    """An answer file's id and language (None for English), or None if it is not one."""
    match = _FILE.match(name)
    return (match.group("id"), match.group("lang")) if match else None


def word_count(text: str) -> int:
    return len(text.split())


def _data(text: str, where: str) -> Mapping[str, Any]:
    data = load_yaml(text, where)
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: must be a list of names and values")
    return data


def _words(data: Mapping[str, Any], where: str) -> AnswerWords:
    given = data.get("phrasings") or []
    if isinstance(given, str):
        given = [given]
    if not isinstance(given, list):
        raise ContentError(f"{where}: 'phrasings' must be a list of ways callers ask it")
    phrasings = tuple(dict.fromkeys(" ".join(str(p).split()) for p in given if str(p).strip()))
    if not phrasings:
        raise ContentError(f"{where}: 'phrasings' needs at least one way callers ask it")
    answer = text_of(data, "answer", where)
    if word_count(answer) > MOST_WORDS:
        raise ContentError(
            f"{where}: 'answer' has {word_count(answer)} words; a short answer has at most "
            f"{MOST_WORDS} (about 20 seconds): say the rest in its topic"
        )
    return AnswerWords(
        question=text_of(data, "question", where),
        phrasings=phrasings,
        answer=answer,
        last_reviewed=when(data.get("last_reviewed"), "last_reviewed", where),
        review_due=when(data.get("review_due"), "review_due", where),
    )


@functools.lru_cache(maxsize=PARSED_KEPT)
def parse_answer(text: str, where: str, answer_id: str) -> ShortAnswer:
    """The English file of a short answer: its words, and where more is."""
    if not _ID.match(answer_id):
        raise ContentError(f"{where}: an answer's id is lower-case letters, digits and hyphens")
    data = _data(text, where)
    more = text_of(data, "more", where)
    section = " ".join(str(data.get("section") or "").split())
    if section and section not in SECTIONS:
        raise ContentError(f"{where}: 'section' must be one of {', '.join(SECTIONS)}")
    return ShortAnswer(answer_id, _words(data, where), more, section)


@functools.lru_cache(maxsize=PARSED_KEPT)
def parse_answer_translation(text: str, where: str) -> AnswerWords:
    """Another language's file of a short answer: its words only."""
    data = _data(text, where)
    shared = [name for name in SHARED if name in data]
    if shared:
        raise ContentError(
            f"{where}: '{shared[0]}' is set once for every language, in the English file"
        )
    return _words(data, where)
