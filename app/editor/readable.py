"""A document's words as a person reads them, paragraph by paragraph: a topic's fields and
then its paragraphs, a YAML file's values each under its name in words. No YAML or Markdown
marks, no comments: what a reviewer compares. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.content.model import ContentError
from app.editor import yamltext

_FRONT = re.compile(r"\A---[ \t]*\n(?P<front>.*?)\n---[ \t]*\n?(?P<body>.*)\Z", re.S)
_GAP = re.compile(r"\n[ \t]*\n")
# The names in the files that read better in other words; the rest are said as written.
_NAMES = {
    "id": "Short name",
    "option": "On the menu",
    "keywords": "Words callers may say",
    "more_keywords": "Words callers may say for the other scans",
    "sms_summary": "The text message",
    "review_due": "Review due",
    "last_reviewed": "Last reviewed",
    "needs_review": "Waiting for a fluent speaker",
    "phrasings": "Ways of asking",
    "more": "For more",
    "intro": "Said first",
    "name": "Name",
    "url": "address",
}


@dataclass(frozen=True)
class Said:
    """One paragraph: what it is (a field's name in words, or nothing for the words of a
    topic) and its words on one line."""

    label: str
    text: str


def readable(text: str) -> list[Said]:
    """`text` (a topic's Markdown, a YAML file, or plain words) as paragraphs."""
    found = _FRONT.match(text)
    if found:
        return [*_fields(found["front"]), *_plain(found["body"])]
    if not text.strip() or ":" not in text:
        return _plain(text)
    return _fields(text)


def _fields(text: str) -> list[Said]:
    try:
        data = yamltext.load(text, "words")
    except ContentError:
        data = None
    if not isinstance(data, dict):
        return _plain(text)
    return list(_flat(data, ""))


def _plain(text: str) -> list[Said]:
    """Paragraphs between blank lines; lines, when there is no blank line."""
    parts = _GAP.split(text) if _GAP.search(text) else text.splitlines()
    return [Said("", " ".join(p.split())) for p in parts if p.strip()]


def _flat(value: Any, label: str) -> Iterator[Said]:
    if isinstance(value, dict):
        for name, inner in value.items():
            words = _NAMES.get(str(name), str(name).replace("_", " ").replace("-", " "))
            yield from _flat(inner, f"{label}, {words.lower()}" if label else words.capitalize())
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        yield Said(label, ", ".join(_words(v) for v in value))
    elif isinstance(value, list):
        for inner in value:  # a link, a source: its title and address together
            if isinstance(inner, dict) and not any(
                isinstance(v, dict | list) for v in inner.values()
            ):
                yield Said(label, ", ".join(_words(v) for v in inner.values()))
            else:
                yield from _flat(inner, label)
    else:
        yield Said(label, _words(value))


def _words(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value).split())
