"""Feedback on the phone after a topic: "was this helpful?" on the keys the call flow gives
it, counted per topic and day (never who), thanked, asked once, in every language."""

from __future__ import annotations

import pytest
from flask import Flask

from app.content.keys import HELPFUL, UNHELPFUL
from app.core.counts import day_counts
from app.voice.flow import Do, Place, action
from tests.support.admin import add_person
from tests.support.editing import as_person
from tests.support.phone import OPTIONS, key_path, skip_to_options
from tests.support.shipped import libraries, library

TOPIC = "your-results"


def _after_topic(call, lang: str = "en"):
    phone = call()
    phone.start()
    if lang != "en":
        phone.press("#")
        phone.press(str(list(libraries()).index(lang) + 1))
    turn = None
    for key in key_path(library(lang), TOPIC):
        turn = phone.press(key)
    return phone, skip_to_options(phone, turn)


def test_the_feedback_keys_are_free_after_a_topic_and_nowhere_else_mean_feedback():
    assert action(Place.AFTER, HELPFUL) is Do.HELPFUL
    assert action(Place.AFTER, UNHELPFUL) is Do.UNHELPFUL
    for place in Place:
        if place is not Place.AFTER:
            assert action(place, HELPFUL) not in (Do.HELPFUL, Do.UNHELPFUL)


@pytest.mark.parametrize("lang", sorted(libraries()))
def test_every_language_asks_with_the_keys_the_line_counts(lang):
    question = library(lang).prompts["feedback_question"]
    assert HELPFUL in question and UNHELPFUL in question
    assert question.index(HELPFUL) < question.index(UNHELPFUL)  # yes first, as in English


@pytest.mark.parametrize("lang", sorted(libraries()))
def test_a_caller_hears_the_question_after_a_topic_and_is_thanked(call, redis, lang):
    phone, turn = _after_topic(call, lang)
    assert turn.heard == OPTIONS
    thanked = phone.press(HELPFUL)
    assert thanked.heard == ["prompt:feedback_thanks", "prompt:after_article"]
    assert day_counts(redis)[f"helpful_phone:{TOPIC}"] == 1


def test_yes_and_no_are_counted_once_a_call_and_shown_to_staff(app: Flask, call, redis):
    for key in (HELPFUL, HELPFUL, UNHELPFUL):
        phone, _ = _after_topic(call)
        phone.press(key)
        again = phone.press(key)  # a second press in the same call is thanked, not counted
        assert again.heard == ["prompt:feedback_thanks", "prompt:after_article"]
        assert phone.wait().heard == ["prompt:no_input", "prompt:after_article"]  # not asked
    today = day_counts(redis)
    assert today[f"helpful_phone:{TOPIC}"] == 2
    assert today[f"unhelpful_phone:{TOPIC}"] == 1
    staff = as_person(app, add_person(app, "editor"))
    stats = staff.get("/admin/stats").get_data(as_text=True)
    assert '<td data-count="helpful_phone">2</td>' in stats
    csv = staff.get("/admin/stats/export.csv").get_data(as_text=True)
    assert f"unhelpful_phone:{TOPIC},1" in csv


def test_the_other_options_still_work_after_feedback(call, redis):
    phone, _ = _after_topic(call)
    phone.press(UNHELPFUL)
    assert phone.press("7").heard[0] == f"article:{TOPIC}:1"  # the topic from the start
    assert not any(k.startswith("helpful_phone") for k in day_counts(redis))
