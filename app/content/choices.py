"""What a caller chose, from a key press or from the words they said."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from app.content.keys import DIGIT_WORDS, GLOBAL_WORDS

_WORD = re.compile(r"[\w']+")
# Letters that are not an accent away from a plain one.
_PLAIN = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case with accents dropped, so a text typed without Polish or Welsh letters
    ("zdjecie kosci", "sgan yr ysgyfaint") matches the words as written ("zdjęcie kości")."""
    plain = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _words(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


# A phrase of the options -> (where its key is among them, the key), and the most words any
# phrase has. Options that cannot change (a MappingProxyType, as the voice steps make once
# for each place and content) are indexed once, not on every call: what a caller said is
# then looked up, and the cost does not grow with the content.
_Index = tuple[dict[str, tuple[int, str]], int]
_INDEXES: dict[tuple[int, int], tuple[object, object, _Index]] = {}
_MAX_INDEXES = 1024
_NOWHERE: Mapping[str, Sequence[str]] = MappingProxyType({})


def _build(options: Mapping[str, Sequence[str]], everywhere: Mapping[str, Sequence[str]]) -> _Index:
    phrases: dict[str, tuple[int, str]] = {}
    for order, (candidate, said) in enumerate({**everywhere, **options}.items()):
        names = (*said, candidate, DIGIT_WORDS[int(candidate)] if candidate.isdigit() else "")
        for phrase in filter(None, (_words(p) for p in names)):
            phrases.setdefault(phrase, (order, candidate))
    return phrases, max((p.count(" ") + 1 for p in phrases), default=0)


def _index(options: Mapping[str, Sequence[str]], everywhere: Mapping[str, Sequence[str]]) -> _Index:
    everywhere = everywhere or _NOWHERE
    fixed = everywhere is GLOBAL_WORDS or isinstance(everywhere, MappingProxyType)
    if not (fixed and isinstance(options, MappingProxyType)):
        return _build(options, everywhere)
    key = (id(options), id(everywhere))
    found = _INDEXES.get(key)
    if found is None or found[0] is not options or found[1] is not everywhere:
        if len(_INDEXES) >= _MAX_INDEXES:  # old content's, after many reloads
            _INDEXES.clear()
        found = _INDEXES[key] = (options, everywhere, _build(options, everywhere))
    return found[2]


def choose(
    digits: str,
    speech: str,
    options: Mapping[str, Sequence[str]],
    everywhere: Mapping[str, Sequence[str]] = GLOBAL_WORDS,
) -> str | None:
    """The key chosen: a pressed key, else the key whose words the caller said (longest match;
    of two as long, the key that comes first).

    `options` maps this node's keys to their keywords; `everywhere` the keys that always work.
    """
    key = (digits or "").strip()[:1]
    if key:
        return key if key in options or key in everywhere else None
    said = _WORD.findall(fold(speech or ""))
    phrases, longest = _index(options, everywhere)
    best: tuple[int, int, str] | None = None
    for start in range(len(said)):  # every run of the words said, as long as a phrase can be
        for end in range(start + 1, min(len(said), start + longest) + 1):
            phrase = " ".join(said[start:end])
            found = phrases.get(phrase)
            if found and (best is None or (len(phrase), -found[0]) > best[:2]):
                best = (len(phrase), -found[0], found[1])
    return best[2] if best else None


def hints(*groups: Mapping[str, Sequence[str]]) -> list[str]:
    """Words to help speech recognition: this node's keywords, then the global ones."""
    return [p for group in groups for phrases in group.values() for p in phrases]
