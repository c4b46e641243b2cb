"""Texting the line: topics by number or word, help, and STOP honoured."""

from __future__ import annotations

import pytest

from app.content.wording import is_gsm7, segments, sms_topics
from app.services import services
from tests.support.line import BASE_URL
from tests.support.numbers import MOBILE
from tests.support.shipped import library
from tests.support.texts import stop_confirmed, text

TOPICS = sms_topics(library())


@pytest.mark.parametrize("body", ["MENU", "menu", "?", "hello", "", "   ", "what?", "🙂"])
def test_menu_or_anything_not_understood_gets_the_numbered_topics(client, redis, body):
    [reply] = text(client, body)
    for n, article in enumerate(TOPICS, start=1):
        assert f"{n} {article.title.rstrip('?.')}." in reply
    assert "Text HELP" in reply


@pytest.mark.parametrize("body", ["HELP", "help me", "Info", "help!", "HELP?", " Help. "])
def test_help_says_general_information_only_and_where_to_get_urgent_help(client, redis, body):
    [reply] = text(client, body)
    assert reply.startswith(library().prompt("sms_help"))  # general information only, ...
    assert "999" in reply and "NHS 111" in reply  # ...and where urgent help is
    assert reply.endswith(f" {BASE_URL}/privacy")  # the privacy notice, by its full address


def test_the_privacy_notice_the_help_text_gives_is_a_page_of_the_line(client, redis):
    [reply] = text(client, "HELP")
    page = client.get(reply.rsplit(" ", 1)[1].removeprefix(BASE_URL))
    assert page.status_code == 200 and b"<h1" in page.data


@pytest.mark.parametrize("n,article", list(enumerate(TOPICS, start=1)))
def test_a_topic_number_gets_its_summary_and_link(client, redis, n, article):
    [reply] = text(client, str(n))
    assert reply == f"{article.sms_summary} {BASE_URL}/articles/{article.id}"


@pytest.mark.parametrize(
    "body,article_id",
    [("results please", "your-results"), ("  RESULTS  ", "your-results"),
     ("going for a scan", "going-for-a-scan"), ("Poster", "department-poster"),
     ("4", "your-results"), ("number 4", "your-results")],
)  # fmt: skip
def test_a_word_from_a_topic_gets_that_topic(client, redis, body, article_id):
    [reply] = text(client, body)
    assert reply.endswith(f"/articles/{article_id}")


@pytest.mark.parametrize("article", TOPICS, ids=lambda a: a.id)
def test_every_topic_text_is_gsm7_and_one_segment(client, redis, article):
    [reply] = text(client, article.keywords[0])
    assert is_gsm7(reply) and segments(reply) == 1, (len(reply), reply)


def test_the_menu_and_help_are_gsm7_and_at_most_two_segments(client, redis):
    for body in ("MENU", "HELP"):
        [reply] = text(client, body)
        assert is_gsm7(reply) and segments(reply) <= 2


@pytest.mark.parametrize(
    "word", ["STOP", "stop", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]
)
def test_stop_words_opt_out_with_no_second_reply_and_no_number_kept(client, redis, word):
    assert text(client, word) == stop_confirmed(client)
    assert text(client, "MENU") == []  # nothing more is ever sent
    stored = b" ".join(redis.smembers("nmline:sms:opted-out"))
    assert stored and MOBILE[-10:].encode() not in stored


@pytest.mark.parametrize(
    "body",
    ["STOP.", "stop!", " Stop ", "Stop!!!", "'stop'", "STOP 🛑", "ＳＴＯＰ", "S.T.O.P",
     "end.", "Quit!", "unsubscribe.", "Cancel?", "stop\u200b",
     "Stopio.", "diwedd", "dad-danysgrifio", "KONIEC!", "anuluj", "Rezygnuję"],
)  # fmt: skip
def test_an_opt_out_word_with_punctuation_or_another_case_still_opts_out(client, redis, body):
    assert text(client, body) == stop_confirmed(client)
    assert text(client, "MENU") == []


@pytest.mark.parametrize(
    "body", ["stop,please", "Stop texting me", "stop eating?", "Cancel my scan", "end of scan"]
)
def test_a_longer_text_that_starts_with_an_opt_out_word_opts_out_and_says_so(
    app, client, redis, body
):
    # Twilio confirms only a STOP sent alone: the sender of a longer text is told it opted
    # them out, and how to get texts again, so nobody loses their texts without knowing.
    stopped = services(app).speaker.libraries["en"].prompt("sms_stopped")
    assert text(client, body) == [stopped]
    assert text(client, "MENU") == []
    assert text(client, "START") == []
    assert len(text(client, "MENU")) == 1


@pytest.mark.parametrize("word", ["START", "unstop", "start!", " Yes ", "YES.", "dechrau"])
def test_start_brings_the_number_back_without_a_second_reply(client, redis, word):
    text(client, "STOP")
    assert text(client, word) == []
    assert len(text(client, "MENU")) == 1


def test_one_number_stopping_does_not_stop_another(client, redis):
    text(client, "STOP")
    assert len(text(client, "MENU", sender="+447400654321")) == 1


def test_a_huge_or_strange_body_still_gets_a_polite_answer(client, redis):
    [reply] = text(client, "results " * 1000 + "\u0000\u202e")
    assert reply.endswith("/articles/your-results")


@pytest.mark.parametrize("body", ["yes please", "start of my scan", "starting time?"])
def test_a_start_word_inside_a_question_is_answered_not_swallowed(client, redis, body):
    assert len(text(client, body)) == 1
