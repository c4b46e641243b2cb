"""Fits the line's confidence (app/ask/sure.py) on the evaluation set's TUNING half only, and
writes app/ask/data/sure.yaml:

    .venv/bin/python -m tests.ask.fit [--write]

Each answerable or unanswerable question of the tuning half (even places; urgent ones are
answered by the urgent words, not weighed) is asked with the line answering always, and its
best answer's signals are kept with whether that answer is right (an unanswerable question's
never is). A logistic model is fitted to them by plain gradient descent on standardised
signals with a small L2 penalty (no library: a dozen coefficients), and the bar is the
lowest chance at which the tuning half's precision stays at least PRECISION, raised to the
midpoint towards the next wrong answer's chance for margin. The held-out half is never read."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from app.ask import index_of
from app.ask.find import find
from app.ask.sure import NAMES, Model, Signals
from tests.ask.scoring import place, questions, shipped

OUT = Path(__file__).resolve().parents[2] / "app" / "ask" / "data" / "sure.yaml"
ALWAYS = Model(0.0, {}, 0.0)
PRECISION = 0.98  # on the tuning half: the goal (0.985 left 33 right answers unsaid)
PENALTY = 0.03
STEPS, RATE = 20000, 0.1
USED = NAMES

Row = tuple[Signals, bool, bool]  # the signals, right, answerable


def rows() -> list[Row]:
    libraries = shipped()
    found: list[Row] = []
    for q in questions("tuning"):
        if q["kind"] == "urgent":
            continue
        library = libraries[q["lang"]]
        verdict = find(index_of(library), q["q"], ALWAYS)
        if verdict.signals is None or verdict.found is None:
            continue  # nothing to weigh: the line says it is not sure whatever the bar
        given = place(library, verdict.found)
        right = q["kind"] == "answerable" and given in (q["expect"], *q.get("also", ()))
        found.append((verdict.signals, right, q["kind"] == "answerable"))
    return found


def fit(data: Sequence[Row]) -> tuple[float, dict[str, float]]:
    """Logistic regression's bias and weights, on the signals as measured."""
    xs = [[s.values()[n] for n in USED] for s, _, _ in data]
    ys = [1.0 if right else 0.0 for _, right, _ in data]
    mean = [sum(col) / len(xs) for col in zip(*xs, strict=True)]
    scale = [
        math.sqrt(sum((v - m) ** 2 for v in col) / len(xs)) or 1.0
        for col, m in zip(zip(*xs, strict=True), mean, strict=True)
    ]
    zs = [[(v - m) / sd for v, m, sd in zip(x, mean, scale, strict=True)] for x in xs]
    w, b = [0.0] * len(USED), 0.0
    for _ in range(STEPS):
        gw, gb = [PENALTY * wi for wi in w], 0.0
        for z, y in zip(zs, ys, strict=True):
            p = 1 / (1 + math.exp(-(b + sum(wi * zi for wi, zi in zip(w, z, strict=True)))))
            for i, zi in enumerate(z):
                gw[i] += (p - y) * zi / len(zs)
            gb += (p - y) / len(zs)
        w = [wi - RATE * g for wi, g in zip(w, gw, strict=True)]
        b -= RATE * gb
    weights = {n: wi / sd for n, wi, sd in zip(USED, w, scale, strict=True)}
    bias = b - sum(wi * m / sd for wi, m, sd in zip(w, mean, scale, strict=True))
    return bias, weights


def bar_for(chances: Sequence[tuple[float, bool]]) -> float:
    """The lowest bar keeping precision >= PRECISION, then halfway up to the next wrong."""
    ordered = sorted(chances, key=lambda c: -c[0])
    best, right = 1.0, 0
    for n, (chance, ok) in enumerate(ordered, start=1):
        right += ok
        if right / n >= PRECISION and (n == len(ordered) or ordered[n][0] < chance):
            best = chance
    wrong_below = [c for c, ok in ordered if not ok and c < best]
    return (best + max(wrong_below)) / 2 if wrong_below else best


def main(argv: Sequence[str]) -> None:
    data = rows()
    bias, weights = fit(data)
    model = Model(bias, weights, 0.0)
    chances = [(model.chance(s), right) for s, right, _ in data]
    bar = bar_for(chances)
    given = [(c, ok) for (c, ok), (s, _, _) in zip(chances, data, strict=True)
             if Model(bias, weights, bar).sure(s)]  # fmt: skip
    answerable = sum(a for _, _, a in data)
    print(f"rows {len(data)}, right at rank 1 {sum(r for _, r, _ in data)}, bar {bar:.3f}")
    print(f"given {len(given)}, right {sum(ok for _, ok in given)} (of {answerable} answerable)")
    for name, weight in weights.items():
        print(f"{name:>10}: {weight:+.3f}")
    if "--write" in argv:
        head = (
            "# The line's confidence (app/ask/sure.py): written by `python -m tests.ask.fit\n"
            "# --write`, fitted on the evaluation set's tuning half only. Do not edit by hand.\n"
        )
        body = {"bias": round(bias, 4), "weights": {n: round(w, 4) for n, w in weights.items()},
                "bar": round(bar, 4)}  # fmt: skip
        OUT.write_text(head + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
