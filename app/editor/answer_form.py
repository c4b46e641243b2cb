"""A short answer's file as an edit form, and back, each value changed in place (its comments
and order kept). English says where more is (a topic, or a scan and its part), its review
date and sources; a translation has its own question, phrasings and answer only, beside the
English words.

Fields: `question`, `phrasings` (one a line), `answer`; in English also `more` (a topic's or
scan's id), `section` (a scan's part, or empty), `review_due` and `sources` (one a line:
title | https://...)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.content.answers import MOST_WORDS, word_count
from app.content.item_names import PART_NAMES
from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import SECTIONS
from app.editor import yamltext
from app.editor.procedure_words import data_of, plain, sources_list, sources_of

# The fields a translation has; the rest are set once, in English.
WORDS = ("question", "phrasings", "answer")


@dataclass(frozen=True)
class Place:
    """Somewhere an answer may send the caller for more: a topic, or one of the scans."""

    id: str
    title: str
    scan: bool = False
    on: bool = True  # a scan switched off: its answers are not served until it is on


@dataclass(frozen=True)
class AnswerForm:
    """What the edit form shows, each as the person types it; `english`: the English words
    beside a translation's fields."""

    question: str
    phrasings: str  # one a line
    answer: str
    more: str = ""
    section: str = ""
    review_due: str = ""
    sources: str = ""  # one a line: title | https://...
    english: Mapping[str, str] = field(default_factory=dict)
    places: tuple[Place, ...] = ()

    @property
    def title(self) -> str:
        return self.question

    @property
    def words(self) -> int:
        return word_count(self.answer)

    @property
    def most_words(self) -> int:
        return MOST_WORDS

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """A scan's parts an answer may send the caller to: each its value and its name."""
        return tuple((name, PART_NAMES.get(name, name)) for name in SECTIONS)


def _lines(value: Any) -> list[str]:
    """Each way of asking, on one line, the empty ones left out."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [" ".join(str(v).split()) for v in value if str(v).strip()]


def _words(data: Any) -> dict[str, str]:
    return {
        "question": " ".join(str(data.get("question") or "").split()),
        "phrasings": "\n".join(_lines(data.get("phrasings"))),
        "answer": " ".join(str(data.get("answer") or "").split()),
    }


def form_of(
    text: str | None, lang: str, english_text: str | None = None, places: tuple[Place, ...] = ()
) -> AnswerForm:
    """The form for an answer's file in `lang`; a translation is given the English file's
    text, for its words beside each field."""
    data = data_of(text)
    words = _words(data)
    question, phrasings, answer = (words[name] for name in WORDS)
    if lang != DEFAULT_LANGUAGE:
        english = _words(data_of(english_text))
        return AnswerForm(question, phrasings, answer, english=english)
    due = data.get("review_due")
    return AnswerForm(
        question,
        phrasings,
        answer,
        more=" ".join(str(data.get("more") or "").split()),
        section=" ".join(str(data.get("section") or "").split()),
        review_due=due.isoformat() if isinstance(due, dt.date) else str(due or ""),
        sources=sources_of(text),
        places=places,
    )


def blank(question: str) -> str:
    """A new answer's English file: the question as staff wrote it, said as its first way
    of asking; the answer and where more is still to write."""
    data = CommentedMap()
    data["question"] = " ".join(question.split())
    data["phrasings"] = CommentedSeq([data["question"]] if data["question"] else [])
    data["answer"] = ""
    data["more"] = ""
    return yamltext.dump(data)


def _put(data: Any, name: str, value: Any, drop: bool = False) -> None:
    """Set a value (`drop`: take it out when empty); unchanged, it is kept as written."""
    if drop and value in (None, ""):
        data.pop(name, None)
    elif name not in data or plain(data.get(name)) != plain(value):
        data[name] = value


def _phrasings(before: Any, lines: list[str]) -> CommentedSeq:
    """The ways of asking as typed, each kept with the comment it had (matched by its
    words, wherever it has moved)."""
    found = CommentedSeq(lines)
    if isinstance(before, CommentedSeq):
        where = {" ".join(str(v).split()): n for n, v in enumerate(before)}
        for n, line in enumerate(lines):
            comment = before.ca.items.get(where.get(line, -1))
            if comment is not None:
                found.ca.items[n] = comment
    return found


def _date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text  # as typed, for the check to name


def text_of(base: str | None, form: Mapping[str, str], lang: str) -> str:
    """The answer's file in `lang` as the form now says it, laid over `base` (the draft's
    or the file's text), everything else kept as it was written."""
    data = data_of(base) or CommentedMap()
    if (typed := form.get("question")) is not None:
        _put(data, "question", " ".join(typed.split()))
    if (typed := form.get("phrasings")) is not None:
        _put(data, "phrasings", _phrasings(data.get("phrasings"), _lines(typed.splitlines())))
    if (typed := form.get("answer")) is not None:
        _put(data, "answer", yamltext.spoken(typed))
    if lang != DEFAULT_LANGUAGE:
        return yamltext.dump(data)
    if (typed := form.get("more")) is not None:
        _put(data, "more", typed.strip())
    if (typed := form.get("section")) is not None:
        _put(data, "section", typed.strip(), drop=True)
    if (due := form.get("review_due")) is not None:
        _put(data, "review_due", _date(due.strip()) if due.strip() else None, drop=True)
    if (typed := form.get("sources")) is not None:
        sources = sources_list(typed.replace("\r\n", "\n"))
        _put(data, "sources", sources if len(sources) else None, drop=True)
    return yamltext.dump(data)
