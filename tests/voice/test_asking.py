"""A caller asks in their own words: the reviewed answer and what next; urgent help first
when the words may mean an emergency; "not sure" and the two closest topics rather than a
wrong answer, and a person (in hours) after a second miss; in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from app.content.model import Library
from app.core import counts
from app.services import services
from tests.support.answer_files import ANSWER, ASKED, NONSENSE, add_test_answer, near_question
from tests.support.phone import call_in


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    return add_test_answer(content_dir)


def libraries(app: Flask) -> dict[str, Library]:
    return services(app).speaker.libraries


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_a_question_at_the_main_menu_hears_the_reviewed_answer_then_more(
    app: Flask, call, lang: str
):
    phone, turn = call_in(app, call, lang)
    assert "speechModel" in (turn.gather or {})  # free speech heard as such
    turn = phone.say(ASKED[lang][0])
    assert turn.heard == [f"answer:{ANSWER}", "prompt:ask_answer_options"]
    more = libraries(app)[lang].answers[ANSWER].more
    turn = phone.press("2")  # more: the topic the answer names
    assert turn.heard == [f"article:{more}:1"]


def test_after_an_answer_the_link_is_texted_and_another_question_can_be_asked(app, call):
    phone, _ = call_in(app, call, "en")
    phone.say(ASKED["en"][0])
    turn = phone.press("1")  # what the line says of the text, then the options again
    assert len(turn.heard) == 2 and turn.heard[-1] == "prompt:ask_answer_options"
    assert f"answer:{ANSWER}" not in turn.heard
    turn = phone.press("3")
    assert turn.heard == ["prompt:ask_question"]
    turn = phone.say(ASKED["en"][0])
    assert turn.heard[0] == f"answer:{ANSWER}"


def test_a_question_after_a_topic_is_answered_too(app: Flask, call):
    phone, turn = call_in(app, call, "en")
    library = libraries(app)["en"]
    topic = next(t for t in library.menus["main"].topics if t.article)
    turn = phone.say(topic.keywords[0])  # a topic's own word: the topic
    assert turn.heard[0] == f"intro:{topic.article}"
    while turn.gather and "/part/" in turn.gather["action"]:
        turn = phone.wait()
    turn = phone.say(ASKED["en"][0])
    assert turn.heard[0] == f"answer:{ANSWER}"


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_words_of_an_emergency_hear_999_first_whatever_else_was_said(app: Flask, call, lang):
    library = libraries(app)[lang]
    phrase = library.words("words_urgent")[0]
    scan_words = next(iter(library.articles.values())).title
    phone, _ = call_in(app, call, lang)
    turn = phone.say(f"{phrase} {scan_words}")
    assert turn.heard[0] == "prompt:ask_urgent"
    assert "999" in library.prompt("ask_urgent") and "111" in library.prompt("ask_urgent")


def test_a_short_emergency_phrase_is_never_taken_for_a_menu_word(app: Flask, call):
    library = libraries(app)["en"]
    phone, _ = call_in(app, call, "en")
    turn = phone.say(library.words("words_urgent")[0])
    assert turn.heard[0] == "prompt:ask_urgent"


def test_not_sure_says_so_and_offers_two_topics_then_a_person_after_a_second_miss(app: Flask, call):
    phone, _ = call_in(app, call, "en")
    turn = phone.say(f"can you tell me about the {NONSENSE} please")
    assert turn.heard[0] == "prompt:ask_not_sure"
    offers = [h for h in turn.heard if h.startswith("offer:")]
    assert [o.rsplit(":", 1)[1] for o in offers] == ["1", "2"][: len(offers)]
    assert not any(h.startswith(("answer:", "article:")) for h in turn.heard)
    turn = phone.press("3")  # ask again
    assert turn.heard == ["prompt:ask_question"]
    turn = phone.say(f"what about {NONSENSE} then")
    assert turn.heard[0] == "prompt:ask_still_not_sure"
    assert "choose_help" in (turn.gather or {}).get("action", "").replace(
        "/help/choose", "choose_help"
    )


def test_a_closest_topic_is_chosen_by_its_key(app: Flask, call):
    phone, _ = call_in(app, call, "en")
    turn = phone.say(f"what is the {NONSENSE} about my results and the department")
    offers = [h for h in turn.heard if h.startswith("offer:")]
    assert offers, turn.heard  # the topics whose words were said are the closest
    article = offers[0].split(":")[1]
    turn = phone.press("1")
    assert turn.heard[0] == f"intro:{article}"


def test_a_menu_word_alone_still_chooses_as_before(app: Flask, call):
    library = libraries(app)["en"]
    main = library.menus["main"]
    topic = main.topics[0]
    phone, _ = call_in(app, call, "en")
    turn = phone.say(topic.keywords[0])
    assert not turn.heard or not turn.heard[0].startswith(("prompt:ask_", "answer:"))


def test_a_question_sharing_only_a_word_with_an_answer_is_never_answered(app: Flask, call):
    """The control against a confident wrong answer: the parrot answer's one rare word is not
    enough to give it to a question about something else."""
    phone, _ = call_in(app, call, "en")
    turn = phone.say("my parrot has a cough and a runny beak, what medicine")
    assert not any(h.startswith("answer:") for h in turn.heard), turn.heard
    assert "prompt:ask_not_sure" in turn.heard


def test_parking_in_a_department_with_no_parking_answer_is_not_sure_and_two_topics(
    app: Flask, call
):
    library = libraries(app)["en"]
    assert not any("park" in p for a in library.answers.values() for p in a.phrasings)
    phone, _ = call_in(app, call, "en")
    turn = phone.say("where can I park my car when I come for my appointment")
    assert turn.heard[0] == "prompt:ask_not_sure"
    assert not any(h.startswith(("answer:", "article:")) for h in turn.heard)


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_after_an_answer_the_words_for_more_play_the_topic_it_names(app: Flask, call, lang):
    phone, _ = call_in(app, call, lang)
    phone.say(ASKED[lang][0])
    library = libraries(app)[lang]
    turn = phone.say(library.words("words_more")[0])
    assert turn.heard == [f"article:{library.answers[ANSWER].more}:1"]


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_an_answer_the_line_is_not_sure_of_is_named_and_played_only_when_chosen(
    app: Flask, call, redis, lang: str
):
    """The control for a named answer: it is a choice, never an answer given. Before the
    caller presses 1 they hear "not sure" and its name, never its words."""
    phone, _ = call_in(app, call, lang)
    turn = phone.say(near_question(libraries(app)[lang]))
    assert turn.heard[:2] == ["prompt:ask_not_sure", f"guess:{ANSWER}"]
    assert not any(h.startswith(("answer:", "article:")) for h in turn.heard), turn.heard
    offers = [h.rsplit(":", 1)[1] for h in turn.heard if h.startswith("offer:")]
    assert offers in ([], ["2"])  # a topic, if any, after the named answer's key
    more = libraries(app)[lang].answers[ANSWER].more
    assert f"named_chosen:{more}" not in counts.day_counts(redis)
    turn = phone.press("1")
    assert turn.heard == [f"answer:{ANSWER}", "prompt:ask_answer_options"]
    assert counts.day_counts(redis)[f"named_chosen:{more}"] == 1  # by topic, never the words
    assert phone.press("2").heard == [f"article:{more}:1"]  # more, as after any answer


def test_a_topic_offered_beside_a_named_answer_is_on_the_next_key(app: Flask, call):
    library = libraries(app)["en"]
    phone, _ = call_in(app, call, "en")
    turn = phone.say(near_question(library))
    offers = [h for h in turn.heard if h.startswith("offer:")]
    assert offers, turn.heard
    topic, key = offers[0].split(":")[1:]
    assert key == "2" and topic != library.answers[ANSWER].more  # not the named one's own
    assert phone.press(key).heard[0] == f"intro:{topic}"


def test_a_named_answer_the_line_does_not_have_is_never_played(app: Flask, call):
    """A `guess` in the step's address that names nothing the line has: ignored, the topics
    offered as before, never an answer."""
    phone, _ = call_in(app, call, "en")
    turn = phone.say(near_question(libraries(app)["en"]))
    action = turn.gather["action"]
    assert "guess=" in action
    bad = action.split("guess=")[0] + "guess=no-such-topic%3A1%3A" + NONSENSE.split()[0]
    turn = phone.post_to(bad, {"Digits": "1"})
    assert turn.heard and not any(h.startswith("answer:") for h in turn.heard), turn.heard


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_a_named_answer_is_chosen_by_saying_yes_in_the_callers_language(
    app: Flask, call, lang: str
):
    library = libraries(app)[lang]
    phone, _ = call_in(app, call, lang)
    assert phone.say(near_question(library)).heard[1] == f"guess:{ANSWER}"
    turn = phone.say(library.words("words_maybe")[0])
    assert turn.heard == [f"answer:{ANSWER}", "prompt:ask_answer_options"]
