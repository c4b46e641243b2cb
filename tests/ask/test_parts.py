"""How well a question fits a part of a scan, judged by how callers ask about each part
(app.ask.parts): a second opinion the confidence weighs, made from the asks alone."""

from __future__ import annotations

import pytest

from app.ask.parts import parts_of, regression_of
from app.ask.words import lexicon

LEX = lexicon("en")
ASKS = {
    "before": ["can I eat before the scan", "do I stop my tablets first", "what should I wear"],
    "day": [
        "how long does the scan take",
        "can my husband come in with me",
        "is the injection sore",
    ],
    "after": ["can I drive home afterwards", "can I hold my grandson after", "can I go to work"],
}


def _fit(question: str, part: str) -> float:
    model = parts_of({name: [LEX.tokens(a) for a in some] for name, some in ASKS.items()})
    return model.fit(LEX.tokens(question), part)


def _chance(question: str, part: str) -> float:
    model = regression_of({name: [LEX.tokens(a) for a in some] for name, some in ASKS.items()})
    return model.chance(LEX.tokens(question), part)


def test_a_question_asked_like_a_parts_asks_fits_that_part_best():
    assert _fit("am I ok to drive after it", "after") > 0.5
    assert _fit("am I ok to drive after it", "after") > _fit("am I ok to drive after it", "day")
    assert _fit("will my wife be allowed in with me", "day") > _fit(
        "will my wife be allowed in with me", "before"
    )


def test_the_shares_of_every_part_add_up_to_one():
    question = "can I have breakfast before"
    assert abs(sum(_fit(question, part) for part in ASKS) - 1.0) < 1e-9


def test_words_no_ask_has_leave_the_parts_as_they_are_asked():
    """A question of words no ask has says nothing of the part: each part keeps its share of
    the asks (here equal)."""
    shares = [_fit("zebra crossing", part) for part in ASKS]
    assert max(shares) - min(shares) < 1e-9


def test_a_part_with_no_asks_at_all_is_not_judged():
    model = parts_of({})
    assert model.fit(LEX.tokens("can I eat"), "before") == 1.0


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("am I ok to drive after it", "after"),
        ("will my husband be allowed in with me", "day"),
        ("should I stop taking my tablets", "before"),
    ],
)
def test_the_regression_gives_a_question_asked_like_a_parts_asks_that_part(question, part):
    chances = {name: _chance(question, name) for name in ASKS}
    assert max(chances, key=chances.__getitem__) == part, chances
    assert abs(sum(chances.values()) - 1.0) < 1e-9


def test_the_same_asks_make_the_same_regression_whatever_their_words_order():
    asks = {name: [LEX.tokens(a) for a in some] for name, some in ASKS.items()}
    again = {name: [list(reversed(t)) for t in some] for name, some in asks.items()}
    assert regression_of(asks) == regression_of(again)


def test_the_regression_does_not_judge_a_part_with_no_asks():
    model = regression_of({"before": [LEX.tokens("can I eat")], "day": []})
    assert model.chance(LEX.tokens("can I eat"), "day") == 1.0
    assert model.chance(LEX.tokens("can I eat"), "before") == 1.0  # the only part asked about
    assert regression_of({}).chance(LEX.tokens("can I eat"), "before") == 1.0
