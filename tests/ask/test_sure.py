"""app/ask/sure.py: the line's confidence, a logistic model fitted on the tuning half. The
shipped model's data is refused when it names a signal the finder does not measure, the bar
decides whether an answer is given, and urgent words come first whatever the model says."""

from __future__ import annotations

import math

import pytest

from app.ask import index_of
from app.ask.find import find
from app.ask.sure import NAMED, NAMES, Model, model_of, shipped
from tests.ask.scoring import place
from tests.ask.scoring import shipped as libraries

ALWAYS = Model(0.0, {}, 0.0)
NEVER = Model(0.0, {}, 1.01)


@pytest.fixture(scope="module")
def english():
    return index_of(libraries()["en"])


def test_the_shipped_model_weighs_only_signals_the_finder_measures():
    model = shipped()
    assert set(model.weights) <= set(NAMES)
    assert 0.5 < model.bar < 1.0  # precision first: sure only when more likely right


@pytest.mark.parametrize(
    "data",
    [
        {"bias": 0, "bar": 0.5, "weights": {"covered": 1, "loudness": 2}},
        {"bias": 0, "bar": 0.5},
        {"bias": "high", "bar": 0.5, "weights": {}},
    ],
)
def test_a_model_naming_an_unknown_signal_or_missing_a_number_is_refused(data):
    with pytest.raises(ValueError):
        model_of(data)


def test_the_bar_decides_between_the_answer_and_not_sure(english):
    question = "is it alright to have some breakfast on the morning of my bone scan"
    given = find(english, question, ALWAYS)
    assert given.found is not None
    assert place(libraries()["en"], given.found) == "scan:bone-scan:before"
    refused = find(english, question, NEVER)
    assert refused.found is None
    assert refused.closest[0] == "bone-scan"  # the scan named, offered instead
    assert given.chance == refused.chance and given.signals == refused.signals


def never_sure_at(chance: float) -> Model:
    """A model whose chance is `chance` for every answer, and never sure."""
    return Model(math.log(chance / (1 - chance)), {}, 1.01)


def test_an_answer_the_line_is_not_sure_of_is_named_only_from_the_naming_bar(english):
    """The control on what is named: below NAMED's chance, nothing is, only the topics."""
    question = "is it alright to have some breakfast on the morning of my bone scan"
    best = find(english, question, ALWAYS).found
    named = find(english, question, never_sure_at(NAMED + 0.01))
    assert named.found is None and named.guess == best
    unnamed = find(english, question, never_sure_at(NAMED - 0.01))
    assert unnamed.found is None and unnamed.guess is None
    assert unnamed.closest == named.closest  # the topics are offered either way
    assert find(english, question, ALWAYS).guess is None  # an answer given is never named


def test_the_shipped_model_answers_a_plain_question_and_declines_one_the_content_cannot(english):
    assert find(english, "can I eat before my bone scan").found is not None
    assert find(english, "what is the weather going to be like tomorrow").found is None


@pytest.mark.parametrize("model", [ALWAYS, NEVER])
def test_urgent_words_come_first_whatever_the_model_says(english, model):
    verdict = find(english, "I have chest pain and I am due for my bone scan", model)
    assert verdict.urgent


def test_a_question_saying_a_reviewed_phrasing_whole_is_answered_whatever_the_model(english):
    verdict = find(english, "can I eat before my bone scan", NEVER)
    assert verdict.found is not None


def test_a_word_the_answers_use_is_not_read_as_a_scan_name_with_a_letter_wrong(english):
    assert find(english, "what I heard on the phone was different, which do I go by").scan == ""
    assert find(english, "when do I get my thyriod scan results", ALWAYS).scan == "thyroid-scan"
