"""Two changes to the line's confidence (app/ask/sure.py), measured on 2026-12-05 and not
shipped (README, "Measured, not shipped: a second part model and two bars"):

    PYTHONPATH=. .venv/bin/python bench/ask_variants.py      # about two minutes

- **a second part model**: a multinomial logistic regression over each language's reviewed
  asks by part (the same asks as app/ask/parts.py's naive Bayes model), its chance for the
  part of the scan chosen weighed as a ninth signal beside the eight;
- **two bars**: one bar for questions that name a scan, another for those that do not, each
  chosen like the one bar (tests/ask/fit.py: 98% precision on chances for unseen questions).

Each is measured two ways on the questions the confidence is fitted on (the evaluation set's
tuning half and the training set; the held-out half is never read):

1. out of fold: the questions cut into ten folds, six times over; each fold's chances come
   from a model fitted on the other nine, and its bars are chosen on the other nine's chances,
   so neither the model nor the bars saw the questions they are counted on;
2. on the third training batch (en-e, en-f, cy-3, pl-3): the model and its bars fitted on
   everything else, as the third batch checked the shipped line before it was fitted on.

It prints, for each variant, the right answers and the wrong ones it would give."""

from __future__ import annotations

import dataclasses
import math
import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import yaml

from app.ask import index_of
from app.ask.find import find, read
from app.ask.index import ASKS, Found
from app.ask.sure import NAMES, Model, Signals
from app.content.model import SECTIONS, Library
from tests.ask.fit import ALWAYS, FOLDS, Row, bar_for, fit, unseen_chances
from tests.ask.scoring import TRAINING, place, questions, shipped

THIRD = frozenset({"en-e", "en-f", "cy-3", "pl-3"})
CUTS = 6
EPOCHS, RATE, PENALTY = 30, 0.5, 1e-4
Weights = tuple[dict[str, list[float]], list[float]]


@dataclasses.dataclass(frozen=True)
class WithPart(Signals):
    part: float = 1.0  # the second part model's chance for the part chosen; 1 for a topic


def part_model(library: Library) -> Weights:
    """Softmax regression, by stochastic gradient descent in a fixed order, over the asks."""
    lex = index_of(library).lexicon
    data = [(sorted(set(lex.tokens(p))), name) for name in SECTIONS
            for p in library.words(ASKS + name)]  # fmt: skip
    data += [(sorted(set(lex.tokens(p))), s.name) for a in library.articles.values()
             if a.is_procedure for s in a.sections for p in s.asks]  # fmt: skip
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(SECTIONS))
    bias = [0.0] * len(SECTIONS)
    shuffler = random.Random(0)
    for epoch in range(EPOCHS):
        shuffler.shuffle(data)
        rate = RATE / (1 + epoch * 0.2)
        for tokens, name in data:
            p = _chances(weights, bias, tokens)
            p[SECTIONS.index(name)] -= 1
            for k in range(len(SECTIONS)):
                bias[k] -= rate * p[k]
            for t in tokens:
                w = weights[t]
                for k in range(len(SECTIONS)):
                    w[k] -= rate * (p[k] + PENALTY * w[k])
    return dict(weights), bias


def _chances(
    weights: Mapping[str, list[float]], bias: list[float], tokens: Sequence[str]
) -> list[float]:
    z = list(bias)
    for t in tokens:
        for k, w in enumerate(weights.get(t, ())):
            z[k] += w
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return [v / sum(e) for v in e]


def _section(library: Library, found: Found) -> str:
    if found.answer:
        return library.answers[found.answer].section
    article = library.articles[found.article]
    return article.section_names[found.part - 1] if article.is_procedure else ""


def rows() -> tuple[list[Row], list[bool]]:
    """Each weighed question's signals (with the ninth), whether right, whether answerable;
    and whether it is in the third batch."""
    libraries = shipped()
    models = {lang: part_model(lib) for lang, lib in libraries.items()}
    asked = [(q, "tuning") for q in questions("tuning")]
    for path in sorted(TRAINING.glob("*.yaml")):
        asked += [(q, path.stem) for q in yaml.safe_load(path.read_text("utf-8")) or []]
    found: list[Row] = []
    third: list[bool] = []
    for q, source in asked:
        if q["kind"] == "urgent":
            continue
        library = libraries[q["lang"]]
        verdict = find(index_of(library), q["q"], ALWAYS)
        if verdict.signals is None or verdict.found is None:
            continue
        given = place(library, verdict.found)
        right = q["kind"] == "answerable" and given in (q["expect"], *q.get("also", ()))
        section = _section(library, verdict.found)
        tokens = read(index_of(library), q["q"])[1]
        chance = _chances(*models[q["lang"]], tokens)[SECTIONS.index(section)] if section else 1.0
        signals = WithPart(**verdict.signals.values(), part=chance)
        found.append((signals, right, q["kind"] == "answerable"))
        third.append(source in THIRD)
    return found, third


Bars = Callable[[Sequence[tuple[float, Row]]], Callable[[Row], float]]


def one_bar(scored: Sequence[tuple[float, Row]]) -> Callable[[Row], float]:
    bar = bar_for([(c, r[1]) for c, r in scored])
    return lambda row: bar


def two_bars(scored: Sequence[tuple[float, Row]]) -> Callable[[Row], float]:
    bars = {named: bar_for([(c, r[1]) for c, r in scored if r[0].named == named])
            for named in (0.0, 1.0)}  # fmt: skip
    return lambda row: bars[row[0].named]


def out_of_fold(data: Sequence[Row], used: Sequence[str], bars: Bars) -> tuple[float, float]:
    """Right and wrong answers, the mean over CUTS cuts into folds."""
    right = wrong = 0
    for cut in range(CUTS):
        rows_ = list(data)
        random.Random(cut).shuffle(rows_)
        chances = [c for c, _ in unseen_chances(rows_, used)]
        for fold in range(FOLDS):
            others = [(c, r) for n, (c, r) in enumerate(zip(chances, rows_, strict=True))
                      if n % FOLDS != fold]  # fmt: skip
            bar = bars(others)
            for n in range(fold, len(rows_), FOLDS):
                if chances[n] >= bar(rows_[n]):
                    right += rows_[n][1]
                    wrong += not rows_[n][1]
    return right / CUTS, wrong / CUTS


def on_third(
    data: Sequence[Row], third: Sequence[bool], used: Sequence[str], bars: Bars
) -> tuple[int, int]:
    """Right and wrong answers on the third batch, fitted on everything else."""
    rest = [r for r, t in zip(data, third, strict=True) if not t]
    model = Model(*fit(rest, used), 0.0)
    bar = bars([(c, r) for (c, _), r in zip(unseen_chances(rest, used), rest, strict=True)])
    given = [r for r, t in zip(data, third, strict=True)
             if t and model.chance(r[0]) >= bar(r)]  # fmt: skip
    return sum(r[1] for r in given), sum(not r[1] for r in given)


def main() -> None:
    data, third = rows()
    print(f"{len(data)} questions weighed, {sum(r[2] for r in data)} answerable; "
          f"third batch {sum(third)}")  # fmt: skip
    for signals, used in (
        ("eight signals (shipped)", NAMES),
        ("with the part model", (*NAMES, "part")),
    ):
        for name, bars in (("one bar", one_bar), ("two bars", two_bars)):
            right, wrong = out_of_fold(data, used, bars)
            r3, w3 = on_third(data, third, used, bars)
            share = right / (right + wrong)
            print(f"{signals}, {name}: out of fold {right:.1f} right, {wrong:.1f} wrong "
                  f"({share:.1%}); third batch {r3} right, {w3} wrong")  # fmt: skip


if __name__ == "__main__":
    main()
