"""A text that asks a question in the sender's own words: the reviewed answer and its page's
link, in the sender's language; urgent help first; "not sure" and the closest topics rather
than a wrong answer. Deaf patients get what callers get."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from app.content.languages import Language
from app.content.links import article_link
from app.content.model import Library
from app.content.wording import MOST_SEGMENTS, gsm7, segments
from app.services import services
from tests.support.answer_files import ANSWER, ASKED, NONSENSE, add_test_answer, near_question
from tests.support.line import BASE_URL
from tests.support.texts import text


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    return add_test_answer(content_dir)


def library(app: Flask, lang: str) -> Library:
    return services(app).speaker.libraries[lang]


def in_language(client, lang: str) -> None:  # type: ignore[no-untyped-def]
    if lang != "en":
        assert len(text(client, Language(lang).names[0])) == 1


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_a_question_by_text_gets_the_answer_and_its_link_in_the_senders_language(
    app: Flask, client, redis, lang: str
):
    in_language(client, lang)
    [reply] = text(client, ASKED[lang][0] + "?")
    answer = library(app, lang).answers[ANSWER]
    assert gsm7(answer.answer) in reply
    assert reply.endswith(article_link(BASE_URL, answer.more, lang))
    assert segments(reply) <= MOST_SEGMENTS


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_a_text_with_words_of_an_emergency_gets_999_first(app: Flask, client, redis, lang):
    in_language(client, lang)
    phrase = library(app, lang).words("words_urgent")[0]
    [reply] = text(client, f"{phrase} what do i do")
    assert reply.startswith(gsm7(library(app, lang).prompt("sms_urgent")))
    assert "999" in reply and "111" in reply


def test_a_question_the_line_cannot_answer_gets_not_sure_and_never_an_answer(
    app: Flask, client, redis
):
    [reply] = text(client, f"can you tell me about the {NONSENSE} please")
    start = library(app, "en").prompts["sms_not_sure"].split("{")[0]
    assert reply.startswith(gsm7(start)), reply
    assert "/articles/" not in reply


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_an_answer_the_line_is_not_sure_of_is_named_with_its_page_never_sent_as_the_answer(
    app: Flask, client, redis, lang: str
):
    in_language(client, lang)
    lib = library(app, lang)
    [reply] = text(client, near_question(lib))
    assert reply.startswith(gsm7(lib.prompts["sms_maybe"].split("{")[0])), reply
    answer = lib.answers[ANSWER]
    assert gsm7(answer.question.rstrip(" ?.!")) in reply  # named by its question
    assert article_link(BASE_URL, answer.more, lang) + " " in reply  # and its page
    assert gsm7(answer.answer) not in reply  # its words only when asked in its words
    assert segments(reply) <= MOST_SEGMENTS


def test_a_scans_or_topics_word_alone_is_still_its_page(app: Flask, client, redis):
    lib = library(app, "en")
    more = lib.answers[ANSWER].more
    [reply] = text(client, lib.articles[more].keywords[0])
    assert reply.endswith(article_link(BASE_URL, more, "en"))
