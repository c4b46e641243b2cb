"""The line's confidence (app/ask/sure.py) with and without its ninth signal, the part chosen
weighed by the softmax regression over the asks (app/ask/parts.py, added on 2026-12-05), and
with one bar or two (one for questions that name a scan, one for those that do not, each
chosen like the one bar: tests/ask/fit.py, 98% precision on chances for unseen questions):

    PYTHONPATH=. .venv/bin/python bench/ask_variants.py      # about half a minute

Each is measured two ways on the questions the confidence is fitted on (the evaluation set's
tuning half and the training set; the held-out half is never read):

1. out of fold: the questions cut into ten folds, six times over; each fold's chances come
   from a model fitted on the other nine, and its bars are chosen on the other nine's chances,
   so neither the model nor the bars saw the questions they are counted on;
2. on the third training batch (en-e, en-f, cy-3, pl-3): the model and its bars fitted on
   everything else, as the third batch checked the line before it was fitted on.

It prints, for each, the right answers and the wrong ones it would give (README, "A second
part model")."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import yaml

from app.ask import Verdict, index_of
from app.ask.find import find
from app.ask.sure import NAMES, Model, Signals
from app.content.model import Library
from tests.ask.fit import ALWAYS, FOLDS, Row, bar_for, fit, unseen_chances
from tests.ask.scoring import TRAINING, place, questions, shipped

THIRD = frozenset({"en-e", "en-f", "cy-3", "pl-3"})
CUTS = 6
EIGHT = tuple(n for n in NAMES if n != "part")


# More signals for a question, from its library, its words and the finder's verdict.
Weigh = Callable[[Library, str, Verdict], Signals]


def rows(weigh: Weigh | None = None) -> tuple[list[Row], list[bool]]:
    """Each weighed question's signals (with `weigh`'s, when given), whether right, whether
    answerable; and whether it is in the third batch."""
    libraries = shipped()
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
        signals = weigh(library, q["q"], verdict) if weigh else verdict.signals
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
        ("eight signals (before)", EIGHT),
        ("nine signals (shipped)", NAMES),
    ):
        for name, bars in (("one bar", one_bar), ("two bars", two_bars)):
            right, wrong = out_of_fold(data, used, bars)
            r3, w3 = on_third(data, third, used, bars)
            share = right / (right + wrong)
            print(f"{signals}, {name}: out of fold {right:.1f} right, {wrong:.1f} wrong "
                  f"({share:.1%}); third batch {r3} right, {w3} wrong")  # fmt: skip


if __name__ == "__main__":
    main()
