"""How well a question fits a part of a scan, judged by how callers ask about each part
(app.ask.parts): a second opinion the confidence weighs, made from the asks alone."""

from __future__ import annotations

from app.ask.parts import parts_of
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
