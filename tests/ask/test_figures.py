"""The four figures of issue 23, on the evaluation set written before the feature
(tests/ask/README.md), with the shipped content and every scan on. Each is held to its goal.

Top-1 is the line's first answer: played when the line is sure of it, named first as a
choice ("it may be this", key 1) when it is not. The share answered outright, which the
precision goal trades against, has no goal of its own and a floor at the figure reached, so
it cannot fall unnoticed. Where "not sure" leaves a caller (offered the topic or scan their
answer is in, or not) has no goal in the issue, and a floor too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ask.scoring import GOALS, figures, questions, score, shipped

README = Path(__file__).resolve().parents[2] / "README.md"
NAMES = {
    "first": "answerable questions whose first answer was right, given or named (top-1)",
    "top1": "answerable questions answered right outright",
    "precision": "answers given that were right (precision)",
    "urgent": "urgent questions that heard 999 first",
    "declined": "unanswerable questions declined",
    # No goal in the issue: where a caller the line was not sure of is left.
    "offered": "answerable questions not answered that were offered their topic or scan",
}
# Reached on 2026-12-05 (the whole set) with the bar set for 98% precision on questions the
# model was not fitted on (tests/ask/fit.py); a change that scores lower fails. Before it:
# top-1 0.859 and precision 0.948, a bar chosen on the questions it was fitted on, which gave
# 0.877 on the training set and 0.912 held out. Answering less was chosen to be wrong less:
# 140 answers, 4 wrong, against 231 and 12 (README), with the part model's second opinion
# and the training set's second batch; then 156 answers, 4 wrong, with more reviewed asks
# (top-1 0.596); then, fitted on the training set's third batch too, 146 answers, 2 wrong:
# precision 0.986 meets its goal, top-1 0.565 (144 of 255); then with a ninth signal (the
# part chosen, weighed by a softmax regression over the asks: app/ask/parts.py), 160 answers,
# 3 wrong: precision 0.981, top-1 0.616 (157 of 255).
# "Not sure" offered the right topic or scan (one key away) to every answerable question it
# did not answer, on 2026-12-05 (95.9% on the training set).
# On 2026-12-05 the line began to name its best answer when not sure (app.ask.sure NAMED):
# the first answer was right for 0.922 of the whole set (held out 0.882).
FLOORS = {"top1": 0.615, "offered": 1.0}


@pytest.fixture(scope="module")
def measured() -> dict[str, float]:
    return figures(score(shipped(), questions("all")))


def test_every_urgent_question_hears_999_first(measured: dict[str, float]):
    assert measured["urgent"] >= GOALS["urgent"], measured


def test_unanswerable_questions_are_declined_as_often_as_the_goal(measured: dict[str, float]):
    assert measured["declined"] >= GOALS["declined"], measured


def test_top1_meets_its_goal(measured: dict[str, float]):
    assert measured["first"] >= GOALS["first"], measured


def test_precision_meets_its_goal(measured: dict[str, float]):
    assert measured["precision"] >= GOALS["precision"]


@pytest.mark.parametrize("figure", list(FLOORS))
def test_no_figure_falls_below_what_was_reached(measured: dict[str, float], figure: str):
    assert measured[figure] >= FLOORS[figure] - 1e-9, (figure, measured[figure])


@pytest.mark.parametrize("figure", list(NAMES))
def test_the_readme_reports_the_figure_as_measured(measured: dict[str, float], figure: str):
    row = next(
        (line for line in README.read_text(encoding="utf-8").splitlines()
         if line.startswith(f"| {NAMES[figure]} |")),
        None,
    )  # fmt: skip
    assert row is not None, f"README has no row for {NAMES[figure]!r}"
    whole = row.split("|")[3]  # | figure | goal | whole set | tuning half | held-out half |
    shown = re.findall(r"(\d+(?:\.\d+)?)%", whole)
    assert shown, row
    assert abs(float(shown[0]) - 100 * measured[figure]) < 0.05 + 1e-9, (row, measured[figure])
