"""A question in a caller's own words -> the reviewed answer it asks for, or "not sure".

Never generated: the answer is one the index holds (a short answer, a part of a scan or
topic), chosen by BM25 over stemmed words and their synonyms, and only when the question's
meaning is covered by it well enough; else the two closest topics, so the caller chooses.
Urgent phrases are looked for first, in every question, whatever else it asks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.ask.index import K1, NEAR_LETTERS, B, Found, Index, Unit
from app.ask.sure import Model, Signals, shipped
from app.ask.words import CONCEPT, split, stem

# A scan's part is compared with its own words and, at this weight, with every way callers
# ask about that part (words_asks_*, as one text).
POOLED = 0.8
# The phrasing nearest the question (a short answer's, or a scan part's) adds this weight of
# its words the question has, times the share of the phrasing they are.
PHRASED = 0.5
# Urgent phrases match with at most this many other words inside them ("pain in my chest").
URGENT_GAP = 3


@dataclass(frozen=True)
class Verdict:
    """What the line does with a question: urgent help first (or not), then the answer it
    is sure of, or the closest topics to offer."""

    urgent: bool
    found: Found | None
    closest: tuple[str, ...] = ()
    covered: float = 0.0
    lead: float = 0.0
    phrased: float = 0.0  # the share of the nearest phrasing's words the question has
    scan: str = ""  # the scan the question named
    chance: float = 0.0  # the model's chance that the best answer is right (app.ask.sure)
    signals: Signals | None = None  # what it was weighed on
    # Not sure, but near enough to name: the best answer, offered by name as a choice and
    # played only when the caller chooses it (never when `found` is set).
    guess: Found | None = None


def _in_order(said: Sequence[str], phrase: Sequence[str], gap: int) -> bool:
    """Whether the phrase's words come in the question in order, each within `gap` words."""
    for start, word in enumerate(said):
        if word != phrase[0]:
            continue
        at, ok = start, True
        for wanted in phrase[1:]:
            window = said[at + 1 : at + 2 + gap]
            if wanted not in window:
                ok = False
                break
            at = at + 1 + window.index(wanted)
        if ok:
            return True
    return False


def urgent(index: Index, question: str) -> bool:
    """Whether the question has a phrase of a possible emergency in it."""
    said = [stem(w, index.lang) for w in split(question)]
    return any(
        _in_order(said, phrase, URGENT_GAP)
        for first in dict.fromkeys(said)
        for phrase in index.urgent.get(first, ())
    )


def _close(a: str, b: str) -> bool:
    """One letter wrong, missing, extra or two swapped, in a word of five letters or more."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        wrong = [i for i in range(len(a)) if a[i] != b[i]]
        return len(wrong) == 1 or (
            len(wrong) == 2 and wrong[1] == wrong[0] + 1 and a[wrong[0]] == b[wrong[1]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _name_word(index: Index, word: str) -> str:
    """The word of a scan's name the word said is, a letter wrong allowed; else the word. A
    word the answers themselves use is that word ("heard" is not "heart")."""
    if word in index.names_words or len(word) < NEAR_LETTERS or stem(word, index.lang) in index.idf:
        return word
    for form in (word, *(word[:i] + word[i + 1 :] for i in range(len(word)))):
        for candidate in index.near_names.get(form, ()):
            if _close(candidate, word):
                return candidate
    return word


def named_scan(index: Index, words: Sequence[str]) -> tuple[str, set[int]]:
    """The scan the question names, by its longest name in it (a letter wrong allowed), and
    where its name's words are; "" if none."""
    said = [_name_word(index, w) for w in words]
    best: tuple[int, int, str, set[int]] = (0, 0, "", set())
    for start in range(len(said)):
        for size in range(1, min(index.longest_name, len(said) - start) + 1):
            scan = index.names.get(tuple(said[start : start + size]))
            if scan is not None and (size, -start) > best[:2]:
                best = (size, -start, scan, set(range(start, start + size)))
    return best[2], best[3]


def _bm25(
    index: Index, query: Iterable[str], words: Counter[str], length: float, average: float = 0.0
) -> float:
    norm = K1 * (1 - B + B * length / max(average or index.average, 1.0))
    score = 0.0
    for token in query:
        tf = words.get(token, 0)
        if tf:
            score += index.weight(token) * tf * (K1 + 1) / (tf + norm)
    return score


def _phrased(index: Index, query: Sequence[str], unit: Unit) -> tuple[float, frozenset[str]]:
    """The phrasing most like the question: the weight of its words the question has, times
    the share of the phrasing they are (a phrasing said whole counts most); and its words."""
    matched: dict[int, float] = {}
    for token in query:  # only the phrasings that have a word of the question
        for n in unit.phrasings_with.get(token, ()):
            matched[n] = matched.get(n, 0.0) + index.weight(token)
    best: tuple[float, int] = (0.0, -1)
    for n in sorted(matched):  # the first phrasing, of those most like it
        total = unit.phrasing_weights[n]
        if total > 0 and matched[n] * matched[n] / total > best[0]:
            best = (matched[n] * matched[n] / total, n)
    return (best[0], unit.phrasings[best[1]]) if best[1] >= 0 else (0.0, frozenset())


def _score(index: Index, query: Sequence[str], unit: Unit) -> float:
    score = _bm25(index, query, unit.words, unit.length)
    if unit.scan and unit.section in index.pooled and not unit.found.answer:
        length = index.pooled_length[unit.section]
        average = sum(index.pooled_length.values()) / max(1, len(index.pooled_length))
        score += POOLED * _bm25(index, query, index.pooled[unit.section], length, average)
    if unit.phrasings:
        score += PHRASED * _phrased(index, query, unit)[0]
    return score


def _mass(index: Index, query: Iterable[str]) -> float:
    return sum(index.weight(t) for t in query)


def _cover(index: Index, query: Sequence[str], words: Iterable[str]) -> float:
    """How much of the question's meaning these words hold: its words' weights, a word
    held or its concept held."""
    have = set(words)
    total = _mass(index, query)
    if total <= 0:
        return 0.0
    return sum(index.weight(t) for t in query if t in have) / total


def _meaning(tokens: Sequence[str]) -> list[str]:
    """A word and its concept count once: the concept when there is one."""
    found: list[str] = []
    for i, token in enumerate(tokens):
        if (
            not token.startswith(CONCEPT)
            and i + 1 < len(tokens)
            and tokens[i + 1].startswith(CONCEPT)
        ):
            continue
        found.append(token)
    return found


def read(index: Index, question: str) -> tuple[str, list[str]]:
    """The scan the question names ("" if none) and its other words as the index's tokens,
    in order (a word and its concept both)."""
    words = split(question)
    scan, at = named_scan(index, words)
    rest = [stem(w, index.lang) for i, w in enumerate(words) if i not in at]
    tokens = index.lexicon.stems_tokens(rest)
    if not scan:  # a scan named by a group of the lexicon ("stress test", "gallbladder")
        named = {index.concept_names[t] for t in tokens if t in index.concept_names}
        if len(named) == 1:
            scan = named.pop()
            tokens = [t for t in tokens if index.concept_names.get(t) != scan]
    return scan, tokens


def find(index: Index, question: str, model: Model | None = None) -> Verdict:
    """The answer to the question, or the closest topics when not sure enough (`model`:
    the shipped one unless given)."""
    is_urgent = urgent(index, question)
    scan, tokens = read(index, question)
    query = list(dict.fromkeys(tokens))
    meaning = list(dict.fromkeys(_meaning(tokens)))
    units = [u for u in index.units if u.scan == scan]
    ranked = sorted(((_score(index, query, u), u) for u in units), key=lambda p: -p[0])
    closest = _closest(ranked, scan)
    if not ranked or not meaning and not scan:
        return Verdict(is_urgent, None, closest)
    best_score, best = ranked[0]
    second = next((sc for sc, u in ranked[1:] if u.found.article != best.found.article
                   or u.found.part != best.found.part), 0.0)  # fmt: skip
    lead = (best_score - second) / best_score if best_score > 0 else 0.0
    other = next((sc for sc, u in ranked[1:] if u.found.article != best.found.article), 0.0)
    nearest = _phrased(index, query, best)[1]
    held = set(best.words) | nearest
    total = sum(index.weight(t) for t in nearest)
    phrased = sum(index.weight(t) for t in nearest if t in query) / total if total else 0.0
    covered = _cover(index, meaning, held) if meaning else 0.0
    signals = Signals(
        covered, lead, phrased, float(bool(scan)),
        best_score / max(_mass(index, query), 1e-9),
        (best_score - other) / best_score if best_score > 0 else 0.0,
        float(bool(best.found.answer)),
        index.parts.fit(query, best.section),  # 1 for a topic: not a scan's part
        index.regression.chance(query, best.section),
    )  # fmt: skip
    model = model or shipped()
    chance = model.chance(signals)
    if best_score <= 0 or not model.sure(signals):
        if scan:  # the scan, then the general topic nearest the question
            general = [(_score(index, query, u), u) for u in index.units if not u.scan]
            closest = _closest([*ranked, *sorted(general, key=lambda p: -p[0])], scan)
        guess = best.found if best_score > 0 and model.named(signals) else None
        return Verdict(
            is_urgent, None, closest, covered, lead, phrased, scan, chance, signals, guess
        )
    return Verdict(is_urgent, best.found, closest, covered, lead, phrased, scan, chance, signals)


def _closest(ranked: Sequence[tuple[float, Unit]], scan: str) -> tuple[str, ...]:
    found = [scan] if scan else []
    for score, unit in ranked:
        if score > 0 and unit.found.article not in found:
            found.append(unit.found.article)
    return tuple(found[:2])
