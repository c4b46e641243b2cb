"""Which part of a scan a question asks about, judged by how callers ask about each part: a
small naive Bayes model over the reviewed asks alone (`words_asks_before`... and every scan's
own asks by part), made with the index, never per question.

It is a second opinion, not the finder: the finder chooses the answer by its words; this says
how well the question fits the part chosen ("what do they give you to eat in the stomach scan"
is asked like the day's questions more than like the before's), and the confidence weighs it
(`app.ask.sure`: a right part fits well more often than a wrong one).

A third opinion, from the same asks: a softmax regression (`Regression`), which weighs words
against each other where naive Bayes counts each alone ("how long" says the day, whatever
else is said). The confidence weighs both; with it the line kept about a twentieth more right
answers at the same precision on questions it was not fitted on, and was wrong once, not
three times, on a fresh batch (README, "A second part model")."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Added to every count: a word seen with one part only still leaves the others possible.
SMOOTHING = 0.5
# The regression's passes over the asks, first step and pull of each weight towards nothing.
EPOCHS, RATE, PENALTY = 10, 0.5, 1e-4


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


@dataclass(frozen=True)
class Regression:
    """Each part's bias, and each word's weight for each part (in `names`' order): the chance
    of a part is the softmax of the sums for the question's words."""

    names: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def chance(self, tokens: Iterable[str], part: str) -> float:
        """The chance a question of these words asks about `part`: 1 when `part` has no asks
        (a topic's "", or no asks at all)."""
        if part not in self.names:
            return 1.0
        return _softmax(self.bias, self.weights, sorted(set(tokens)))[self.names.index(part)]


def _softmax(
    bias: Sequence[float], weights: Mapping[str, Sequence[float]], tokens: Iterable[str]
) -> list[float]:
    z = list(bias)
    for token in tokens:
        for k, w in enumerate(weights.get(token, ())):
            z[k] += w
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = sum(e)
    return [v / total for v in e]


def regression_of(asks: Mapping[str, Sequence[Iterable[str]]]) -> Regression:
    """The regression fitted to each part's asks, as tokens, by stochastic gradient descent in
    a fixed order: the same asks make the same model."""
    names = tuple(name for name, some in asks.items() if some)
    data = [(sorted(set(ask)), k) for k, name in enumerate(names) for ask in asks[name]]
    weights: dict[str, list[float]] = {}
    bias = [0.0] * len(names)
    order = random.Random(0)
    for epoch in range(EPOCHS if len(names) > 1 else 0):
        order.shuffle(data)
        rate = RATE / (1 + epoch * 0.2)
        for tokens, k in data:
            p = _softmax(bias, weights, tokens)
            p[k] -= 1  # the gradient of the log loss for each part's sum
            for j, g in enumerate(p):
                bias[j] -= rate * g
            for token in tokens:
                w = weights.setdefault(token, [0.0] * len(names))
                for j, g in enumerate(p):
                    w[j] -= rate * (g + PENALTY * w[j])
    return Regression(names, tuple(bias), {t: tuple(w) for t, w in weights.items()})
