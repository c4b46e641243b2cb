"""Words as the question finder compares them: folded, split, stripped of filler, stemmed,
and each language's words for the same thing made one (app/ask/data/<lang>.yaml).

Pure and cached: the same word is stemmed once per process."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

import snowballstemmer
import yaml

from app.content.choices import fold

_WORD = re.compile(r"[\w']+")
# A concept (a group of synonyms) is kept as its own token, beside the word itself.
CONCEPT = "~"
# How many of the content's texts a lexicon keeps as tokens (a few thousand in a line's content).
TEXTS_KEPT = 20_000
# Polish and Welsh have no Snowball stemmer: words are cut to their first letters, which in
# searching Polish keeps most of a stemmer's gain (a word's endings carry its case).
_PREFIX = {"pl": 6, "cy": 5}
# Welsh changes a word's first letters after some words ("bwyta", "fwyta"; "pen", "ben",
# "mhen", "phen"). Each start is made one class, so every form of a word is the same token.
_MUTATED = (
    ("ngh", "k"), ("ch", "k"), ("ng", "k"), ("c", "k"), ("g", "k"),
    ("mh", "p"), ("ph", "p"), ("p", "p"), ("b", "p"), ("f", "p"), ("m", "p"),
    ("nh", "t"), ("th", "t"), ("dd", "t"), ("t", "t"), ("d", "t"), ("n", "t"),
    ("ll", "l"), ("l", "l"), ("rh", "r"), ("r", "r"),
)  # fmt: skip


@functools.lru_cache(maxsize=4)
def _stemmer(lang: str) -> snowballstemmer.stemmer | None:
    return snowballstemmer.stemmer("english") if lang == "en" else None


def _radical(word: str) -> str:
    for start, sound in _MUTATED:
        if word.startswith(start) and len(word) > len(start) + 1:
            return sound.upper() + word[len(start) :]
    return word


@functools.lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """A folded word's stem in the language."""
    word = word.replace("'", "")
    if lang == "cy":
        word = _radical(word)
    stemmer = _stemmer(lang)
    if stemmer is not None:
        return str(stemmer.stemWord(word))
    most = _PREFIX.get(lang)
    return word[: most + (1 if lang == "cy" else 0)] if most else word


def split(text: str) -> list[str]:
    """Folded words, apostrophes inside kept ("can't"), outside dropped."""
    return [w.strip("'") for w in _WORD.findall(fold(text)) if w.strip("'")]


@dataclass(frozen=True)
class Lexicon:
    """One language's filler words and groups of words for the same thing, as stems."""

    lang: str
    stop: frozenset[str]
    # A run of stems -> the concept its group is (single words are runs of one).
    same: Mapping[tuple[str, ...], str]
    longest: int
    # The content's texts already made into tokens: an index is built again for every content
    # version (and every test's copy of the same content), mostly from the same texts.
    _made: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def tokens(self, text: str) -> list[str]:
        """The words that carry meaning, stemmed, each followed by its concept if it has one:
        "can I have my breakfast" -> ["breakfast", "~eat"]. For the content's texts only (they
        are kept): a caller's words go to `stems_tokens`."""
        found = self._made.get(text)
        if found is None:
            found = tuple(self.stems_tokens([stem(w, self.lang) for w in split(text)]))
            if len(self._made) >= TEXTS_KEPT:
                self._made.clear()
            self._made[text] = found
        return list(found)

    def stems_tokens(self, stems: Sequence[str]) -> list[str]:
        found: list[str] = []
        i = 0
        while i < len(stems):
            for size in range(min(self.longest, len(stems) - i), 0, -1):
                concept = self.same.get(tuple(stems[i : i + size]))
                if concept is not None:
                    found += [s for s in stems[i : i + size] if s not in self.stop]
                    found.append(concept)
                    i += size
                    break
            else:
                if stems[i] not in self.stop:
                    found.append(stems[i])
                i += 1
        return found


@functools.lru_cache(maxsize=8)
def lexicon(lang: str) -> Lexicon:
    """The language's lexicon from the package's data (none: no filler, no groups)."""
    try:
        text = resources.files("app.ask").joinpath("data", f"{lang}.yaml").read_text("utf-8")
    except FileNotFoundError:
        return Lexicon(lang, frozenset(), {}, 1)
    return lexicon_of(lang, yaml.safe_load(text) or {})


def lexicon_of(lang: str, data: Mapping[str, object]) -> Lexicon:
    stop = frozenset(stem(w, lang) for word in _list(data.get("stopwords")) for w in split(word))
    same: dict[tuple[str, ...], str] = {}
    groups = data.get("synonyms")
    for group in groups if isinstance(groups, list) else ():
        phrases = [p for p in _list(group) if split(p)]
        if not phrases:
            continue
        concept = CONCEPT + " ".join(stem(w, lang) for w in split(phrases[0]))
        for phrase in phrases:
            same.setdefault(tuple(stem(w, lang) for w in split(phrase)), concept)
    return Lexicon(lang, stop, same, max((len(k) for k in same), default=1))


def _list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []
