"""What the question finder searches: every reviewed answer the line can give in one
language, as stemmed words, with the statistics BM25 needs. Built from a library alone.

An answer is a short answer (its phrasings and words), a part of a particular scan (before,
on the day, after, pregnancy, results), or a part of a general topic. Nothing else is ever
an answer: the finder returns one of these or none."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.ask.parts import Parts, Regression, parts_of, regression_of
from app.ask.words import CONCEPT, Lexicon, lexicon, split, stem
from app.content.model import SECTIONS, Library
from app.content.spoken import parts

# The scan's parts a question about "the scan" in general may mean: kept together as one
# model of what each part talks about, across all the department's scans.
K1, B = 1.2, 0.75
# The prompt listing how callers ask about a part of a scan: words_asks_before...
ASKS = "words_asks_"
# A scan's name may be said (or texted) with a letter wrong in a word this long or longer.
NEAR_LETTERS = 5


@dataclass(frozen=True)
class Found:
    """Where an answer is: a part of a topic or scan (from 1), or a short answer (its id)
    with the topic or scan, and part, for more."""

    article: str
    part: int = 1
    answer: str = ""


@dataclass(frozen=True)
class Unit:
    """One answer the line can give, as the finder compares it."""

    found: Found
    scan: str  # the scan it is about; "" for a general topic or answer
    section: str  # the scan's part ("before"...), "" for a topic's
    words: Counter[str]
    length: int
    phrasings: tuple[frozenset[str], ...] = ()
    # Each phrasing's words' weight in all, and which phrasings hold each word (made with the
    # index: never per question).
    phrasing_weights: tuple[float, ...] = ()
    phrasings_with: Mapping[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Index:
    lang: str
    lexicon: Lexicon
    units: tuple[Unit, ...]
    idf: Mapping[str, float]
    unseen: float  # a word no answer has
    average: float  # the average unit's length, in words
    pooled: Mapping[str, Counter[str]]  # how callers ask about a scan's part, as one text
    pooled_length: Mapping[str, float]
    names: Mapping[tuple[str, ...], str]  # a scan's name, as folded words -> its id
    concept_names: Mapping[str, str]
    # A word of a scan's name, and each of its forms with a letter left out -> the words it
    # may be: a name said with a letter wrong is found by looking up, never by comparing all.
    near_names: Mapping[str, tuple[str, ...]]
    longest_name: int
    names_words: frozenset[str]
    urgent: Mapping[str, tuple[tuple[str, ...], ...]]  # urgent phrases as stems, by the first
    parts: Parts  # how callers ask about each part of a scan, judged by all its asks
    regression: Regression  # the same asks, weighed by a softmax regression

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.unseen)


def _by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        found.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(some) for first, some in found.items()}


def _holding(phrasings: tuple[frozenset[str], ...]) -> dict[str, tuple[int, ...]]:
    """Each word, and the phrasings (by place) that have it."""
    found: dict[str, list[int]] = {}
    for n, phrasing in enumerate(phrasings):
        for token in phrasing:
            found.setdefault(token, []).append(n)
    return {token: tuple(places) for token, places in found.items()}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def build(library: Library) -> Index:
    """The index of one language's answers."""
    lex = lexicon(library.lang)
    units: list[Unit] = []
    by_part: dict[str, list[frozenset[str]]] = {name: [] for name in SECTIONS}
    # How callers ask about each part of any scan (prompts words_asks_before...): reviewed.
    asks = {
        name: tuple(frozenset(lex.tokens(p)) for p in library.words(ASKS + name))
        for name in SECTIONS
    }
    for article in library.articles.values():
        scan = article.id if article.is_procedure else ""
        if article.is_procedure:
            for n, section in enumerate(article.sections, start=1):
                own = tuple(frozenset(lex.tokens(p)) for p in section.asks)
                words = lex.tokens(" ".join((section.heading, section.text, *section.asks)))
                found = Found(article.id, n)
                asked = asks.get(section.name, ()) + own
                by_part[section.name].extend(own)
                units.append(Unit(found, scan, section.name, Counter(words), len(words), asked))
        else:
            asked = tuple(frozenset(lex.tokens(p)) for p in article.asks)
            for n, text in enumerate(parts(article), start=1):
                words = lex.tokens(
                    " ".join((article.title, *article.keywords, *article.asks, text))
                )
                units.append(Unit(Found(article.id, n), "", "", Counter(words), len(words), asked))
    for answer in library.answers.values():
        more = library.articles[answer.more]
        part = more.section_names.index(answer.section) + 1 if answer.section else 1
        asked = tuple(frozenset(lex.tokens(p)) for p in (answer.question, *answer.phrasings))
        words = lex.tokens(" ".join((answer.question, *answer.phrasings, answer.answer)))
        scan = more.id if more.is_procedure else ""
        found = Found(more.id, part, answer.id)
        units.append(Unit(found, scan, answer.section, Counter(words), len(words), asked))
    count = max(1, len(units))
    seen: Counter[str] = Counter()
    for unit in units:
        seen.update(unit.words.keys())
    # How callers ask about each part, all its phrasings as one text: a part of any scan is
    # also compared with it, so a question need not match one phrasing whole.
    pooled: dict[str, Counter[str]] = {}
    for section_name, phrasings in asks.items():
        pooled[section_name] = Counter(t for phrasing in phrasings for t in phrasing)
    names: dict[tuple[str, ...], str] = {}
    concepts: dict[str, set[str]] = {}
    for article in library.articles.values():
        if article.is_procedure:
            for phrase in (article.title, *article.keywords):
                said = tuple(split(phrase))
                if said:
                    names.setdefault(said, article.id)
                for token in lex.tokens(phrase):
                    if token.startswith(CONCEPT) and token != CONCEPT + "scan":
                        concepts.setdefault(token, set()).add(article.id)
    urgent = tuple(
        tuple(stem(w, library.lang) for w in split(p)) for p in library.words("words_urgent")
    )
    near: dict[str, set[str]] = {}
    for said in names:
        for word in said:
            for form in (word, *_deletions(word)) if len(word) >= NEAR_LETTERS else (word,):
                near.setdefault(form, set()).add(word)
    asked_by_part = {name: [*asks[name], *some] for name, some in by_part.items()}
    idf_of = {t: math.log(1 + (count - df + 0.5) / (df + 0.5)) for t, df in seen.items()}
    unseen = math.log(1 + (count + 0.5) / 0.5)
    units = [
        dataclasses.replace(
            u,
            phrasing_weights=tuple(sum(idf_of.get(t, unseen) for t in p) for p in u.phrasings),
            phrasings_with=_holding(u.phrasings),
        )
        for u in units
    ]
    return Index(
        lang=library.lang,
        lexicon=lex,
        units=tuple(units),
        idf=idf_of,
        unseen=unseen,
        average=sum(u.length for u in units) / count,
        pooled=pooled,
        pooled_length={s: float(sum(c.values())) for s, c in pooled.items()},
        names=names,
        # A group of the lexicon that names one scan only ("stress test": the heart scan).
        concept_names={c: next(iter(s)) for c, s in concepts.items() if len(s) == 1},
        near_names={form: tuple(sorted(words)) for form, words in near.items()},
        longest_name=max((len(k) for k in names), default=1),
        names_words=frozenset(w for name in names for w in name),
        urgent=_by_first(u for u in urgent if u),
        parts=parts_of(asked_by_part),
        regression=regression_of(asked_by_part),
    )
