"""The words the line listens for, as Twilio takes them: at most 500, each at most 100
characters, words apart by spaces (warning 13330), the place's own never crowded out."""

from __future__ import annotations

import re

from app.voice.twiml import ask


def _hints(twiml: str) -> list[str]:
    found = re.search(r'hints="([^"]*)"', twiml)
    assert found, "no hints"
    return found.group(1).split(", ")


def test_hints_are_words_apart_by_spaces_each_once_and_never_too_many():
    given = ["v/q scan", "pet-ct", "pet ct", "parkinson's scan", "a" * 101]
    given += [f"scan number {n}" for n in range(600)]
    hints = _hints(ask((), (), "/next", given, "/again"))
    assert hints[:3] == ["v q scan", "pet ct", "parkinson's scan"]
    assert len(hints) == 500 == len(set(hints))
    assert all(re.fullmatch(r"[\w']+( [\w']+)*", h) and len(h) <= 100 for h in hints)
