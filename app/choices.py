"""What a caller chose, from a key press or from the words they said."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from app.content import Library

# The same keys mean the same thing everywhere (ISO/IEC 13714 style: star goes back,
# zero is help). Topics use 1 to 5; inside a topic, 4 and 6 step back and forward.
BACK, REPEAT, MAIN_MENU, HELP, SLOWER, LANGUAGE = "*", "7", "9", "0", "8", "#"
PART_BACK, PART_FORWARD = "4", "6"
GLOBAL_WORDS: Mapping[str, tuple[str, ...]] = {
    BACK: ("back", "go back", "previous", "return"),
    REPEAT: ("repeat", "again", "say that again", "pardon"),
    MAIN_MENU: ("main menu", "menu", "start again", "beginning"),
    HELP: ("help", "operator", "options"),
}
_GLOBAL_PROMPTS = {
    BACK: "words_back",
    REPEAT: "words_repeat",
    MAIN_MENU: "words_main_menu",
    HELP: "words_help",
    SLOWER: "words_slower",
    LANGUAGE: "words_language",
}
_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORD = re.compile(r"[\w']+")


def global_words(library: Library) -> dict[str, tuple[str, ...]]:
    """The words for the keys that work everywhere, in the library's language."""
    return {key: library.words(name) for key, name in _GLOBAL_PROMPTS.items()}


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
        names = (*phrases, candidate, _NUMBERS[int(candidate)] if candidate.isdigit() else "")
        for phrase in filter(None, (_words(p) for p in names)):
            if _contains(said, phrase) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), candidate)
    return best[1] if best else None


def hints(*groups: Mapping[str, Sequence[str]]) -> list[str]:
    """Words to help speech recognition: this node's keywords, then the global ones."""
    return [p for group in groups for phrases in group.values() for p in phrases]
