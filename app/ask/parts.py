"""Which part of a scan a question asks about, judged by how callers ask about each part: a
small naive Bayes model over the reviewed asks alone (`words_asks_before`... and every scan's
own asks by part), made with the index, never per question.

It is a second opinion, not the finder: the finder chooses the answer by its words; this says
how well the question fits the part chosen ("what do they give you to eat in the stomach scan"
is asked like the day's questions more than like the before's), and the confidence weighs it
(`app.ask.sure`: a right part fits well more often than a wrong one)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Added to every count: a word seen with one part only still leaves the others possible.
SMOOTHING = 0.5


@dataclass(frozen=True)
class Parts:
    """Each part's log chance before any word, and the log chance that an ask of that part has
    each word some ask has (words no ask has say nothing of the part)."""

    prior: Mapping[str, float]
    has: Mapping[str, Mapping[str, float]]  # part -> word -> log chance an ask has it
    lacks: Mapping[str, float]  # part -> the log chance for a word none of its asks has

    def fit(self, tokens: Iterable[str], part: str) -> float:
        """The share of the chance, among all parts, that a question of these words asks
        about `part`: 1 when `part` has no asks (a topic's "", or no asks at all)."""
        if part not in self.prior:
            return 1.0
        said = [t for t in set(tokens) if any(t in words for words in self.has.values())]
        logs = {
            name: prior + sum(self.has[name].get(t, self.lacks[name]) for t in said)
            for name, prior in self.prior.items()
        }
        top = max(logs.values())
        return math.exp(logs[part] - top) / sum(math.exp(v - top) for v in logs.values())


def parts_of(asks: Mapping[str, Sequence[Iterable[str]]]) -> Parts:
    """The model from each part's asks, as tokens."""
    sizes = {name: len(some) for name, some in asks.items() if some}
    total = sum(sizes.values())
    has: dict[str, dict[str, float]] = {}
    for name, n in sizes.items():
        counts = Counter(t for ask in asks[name] for t in set(ask))
        has[name] = {t: math.log((c + SMOOTHING) / (n + 2 * SMOOTHING)) for t, c in counts.items()}
    return Parts(
        prior={name: math.log(n / total) for name, n in sizes.items()},
        has=has,
        lacks={name: math.log(SMOOTHING / (n + 2 * SMOOTHING)) for name, n in sizes.items()},
    )
