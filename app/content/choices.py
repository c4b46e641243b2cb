"""What a caller chose, from a key press or from the words they said."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from app.content.keys import DIGIT_WORDS, GLOBAL_WORDS

_WORD = re.compile(r"[\w']+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _contains(said: str, phrase: str) -> bool:
    return f" {phrase} " in f" {said} "


def choose(
    digits: str,
    speech: str,
    options: Mapping[str, Sequence[str]],
    everywhere: Mapping[str, Sequence[str]] = GLOBAL_WORDS,
) -> str | None:
    """The key chosen: a pressed key, else the key whose words the caller said (longest match).

    `options` maps this node's keys to their keywords; `everywhere` the keys that always work.
    """
    allowed = {**everywhere, **options}
    key = (digits or "").strip()[:1]
    if key:
        return key if key in allowed else None
    said = _words(speech or "")
    if not said:
        return None
    best: tuple[int, str] | None = None
    for candidate, phrases in allowed.items():
        names = (*phrases, candidate, DIGIT_WORDS[int(candidate)] if candidate.isdigit() else "")
        for phrase in filter(None, (_words(p) for p in names)):
            if _contains(said, phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), candidate)
    return best[1] if best else None


def hints(*groups: Mapping[str, Sequence[str]]) -> list[str]:
    """Words to help speech recognition: this node's keywords, then the global ones."""
    return [p for group in groups for phrases in group.values() for p in phrases]
