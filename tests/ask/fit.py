"""Fits the line's confidence (app/ask/sure.py) on the evaluation set's TUNING half and the
training set (tests/ask/training/), and writes app/ask/data/sure.yaml:

    .venv/bin/python -m tests.ask.fit [--write]

Each answerable or unanswerable question (urgent ones are answered by the urgent words, not
weighed) is asked with the line answering always, and its best answer's signals are kept with
whether that answer is right (an unanswerable question's never is). A logistic model is fitted
to them by Newton's method on standardised signals with a small L2 penalty (no library: a
dozen coefficients).

The bar is chosen on chances the model gave questions it was NOT fitted on: the questions are
cut into FOLDS, each fold's chances come from a model fitted on the others, and the bar is the
lowest chance at which those chances keep precision at least PRECISION, raised to the midpoint
towards the next wrong answer's chance for margin. A bar chosen on the questions the model was
fitted on is too low for questions it has not seen (the held-out half said so: 98.3% on the
tuning half, 91.2% held out). The held-out half is never read."""

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
PRECISION = 0.98  # the goal, on chances for questions the model was not fitted on
PENALTY = 0.03
STEPS = 50  # Newton's steps at most: it settles in about ten
FOLDS = 10
USED = NAMES

Row = tuple[Signals, bool, bool]  # the signals, right, answerable


def rows() -> list[Row]:
    libraries = shipped()
    found: list[Row] = []
    for q in questions("tuning") + questions("training"):
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


def fit(data: Sequence[Row], used: Sequence[str] = USED) -> tuple[float, dict[str, float]]:
    """Logistic regression's bias and weights, on the signals as measured: Newton's method on
    the mean log-loss plus PENALTY/2 times the squared weights (not the bias)."""
    xs = [[s.values()[n] for n in used] for s, _, _ in data]
    ys = [1.0 if right else 0.0 for _, right, _ in data]
    mean = [sum(col) / len(xs) for col in zip(*xs, strict=True)]
    scale = [
        math.sqrt(sum((v - m) ** 2 for v in col) / len(xs)) or 1.0
        for col, m in zip(zip(*xs, strict=True), mean, strict=True)
    ]
    # Each row standardised, with a 1 first for the bias.
    zs = [[1.0, *((v - m) / sd for v, m, sd in zip(x, mean, scale, strict=True))] for x in xs]
    k = len(used) + 1
    beta = [0.0] * k
    for _ in range(STEPS):
        grad = [0.0 if i == 0 else PENALTY * beta[i] for i in range(k)]
        hess = [[PENALTY if i == j and i else 0.0 for j in range(k)] for i in range(k)]
        for z, y in zip(zs, ys, strict=True):
            logit = sum(b * zi for b, zi in zip(beta, z, strict=True))
            p = 1 / (1 + math.exp(-max(-60.0, min(60.0, logit))))
            for i in range(k):
                grad[i] += (p - y) * z[i] / len(zs)
                for j in range(k):
                    hess[i][j] += p * (1 - p) * z[i] * z[j] / len(zs)
        step = solve(hess, grad)
        beta = [b - d for b, d in zip(beta, step, strict=True)]
        if max(abs(d) for d in step) < 1e-9:
            break
    b, w = beta[0], beta[1:]
    weights = {n: wi / sd for n, wi, sd in zip(used, w, scale, strict=True)}
    bias = b - sum(wi * m / sd for wi, m, sd in zip(w, mean, scale, strict=True))
    return bias, weights


def solve(a: Sequence[Sequence[float]], b: Sequence[float]) -> list[float]:
    """x with a x = b, by Gaussian elimination with partial pivoting (a is small and, with the
    penalty, positive definite)."""
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            m[r] = [v - f * p for v, p in zip(m[r], m[col], strict=True)]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def unseen_chances(data: Sequence[Row], used: Sequence[str] = USED) -> list[tuple[float, bool]]:
    """Each question's chance from a model fitted without its fold (every FOLDS-th question)."""
    chances: list[tuple[float, bool]] = [(0.0, False)] * len(data)
    for fold in range(FOLDS):
        rest = [row for n, row in enumerate(data) if n % FOLDS != fold]
        model = Model(*fit(rest, used), 0.0)
        for n in range(fold, len(data), FOLDS):
            chances[n] = (model.chance(data[n][0]), data[n][1])
    return chances


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
    bar = bar_for(unseen_chances(data))
    print(f"a bar chosen on the chances it was fitted on: {bar_for(chances):.3f}")
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
            "# --write`, fitted on the evaluation set's tuning half and the training set,\n"
            "# its bar on chances for questions each model was not fitted on. Not by hand.\n"
        )
        body = {"bias": round(bias, 4), "weights": {n: round(w, 4) for n, w in weights.items()},
                "bar": round(bar, 4)}  # fmt: skip
        OUT.write_text(head + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
