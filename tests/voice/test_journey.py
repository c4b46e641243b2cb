"""A line for everyone: every menu in every language, slower speech, parts of a topic,
a person in opening hours, and languages by text."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from rq import Queue

from app import create_app
from app.audio.items import item_id, spoken_items
from app.content.keys import BACK, HELP, LANGUAGE, MAIN_MENU, REPEAT, SLOWER
from app.content.model import MAIN_MENU as MAIN
from app.content.spoken import parts
from app.core.hours import Hours
from app.queues import SMS
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import MOBILE
from tests.support.phone import OPTIONS
from tests.support.shipped import libraries, main_heard, menu_heard
from tests.support.simulator import Call, signed_post

TAGS = {"en": "en-GB", "cy": "cy-GB", "pl": "pl-PL"}


def args_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def in_language(phone: Call, lang: str):
    """From the main menu, choose a language the way a caller does: hash, then its number."""
    turn = phone.press(LANGUAGE)
    assert turn.heard == [
        "prompt:language_menu",
        *["prompt:language_option"] * len(list(libraries())),
    ]
    return phone.press(str(list(libraries()).index(lang) + 1))


def call_in(call, lang: str):
    """A call that has chosen its language: the phone, and what it hears at the main menu."""
    phone = call()
    turn = phone.start()
    return phone, (in_language(phone, lang) if lang != "en" else turn)


def test_there_are_welsh_and_polish_and_each_translation_covers_everything_english_says():
    assert {"en", "cy", "pl"} <= set(list(libraries()))
    for lang in ("cy", "pl"):
        assert set(libraries()[lang].articles) == set(libraries()["en"].articles)
        prompts, english = set(libraries()[lang].prompts), set(libraries()["en"].prompts)
        assert english <= prompts
        # More only where the language counts in more forms: "2 godziny", "5 godzin".
        assert all(
            re.fullmatch(r"unit_[a-z]+_(zero|one|two|few|many)", p) for p in prompts - english
        )


@pytest.mark.shipped("lang", "languages")
def test_the_main_menu_offers_each_other_language_in_its_own_words_and_voice(call, lang):
    phone, turn = call_in(call, lang)
    others = [o for o in list(libraries()) if o != lang]
    assert turn.heard[-1] == "prompt:urgent"  # where urgent help is, after the offers
    assert turn.heard[-len(others) - 1 : -1] == ["prompt:language_offer"] * len(others)
    document = phone.documents[-1]
    for other in others:
        offer = libraries()[other].prompt("language_offer")
        # Only English has recordings in the tests; the others are spoken in their own voice.
        if other != "en":
            assert f'<Say language="{TAGS[other]}">{offer}</Say>' in document


@pytest.mark.shipped("lang", "languages")
def test_every_menu_and_topic_in_every_language_is_reachable_and_never_a_dead_end(call, lang):
    library = libraries()[lang]
    seen_menus, seen_articles = set(), set()

    def walk(phone: Call, menu_id: str, path: list[str]) -> None:
        seen_menus.add(menu_id)
        menu = library.menus[menu_id]
        assert 1 <= len(menu.topics) <= 5
        for topic in menu.topics:
            phone2 = call()
            turn = phone2.start()
            if lang != "en":
                turn = in_language(phone2, lang)
            for key in [*path, topic.key]:
                turn = phone2.press(key)
            assert turn.gather is not None and turn.gather.get("action")
            assert all(TAGS[lang] == args for args in [turn.gather.get("language", TAGS[lang])])
            assert args_of(turn.gather["action"]).get("lang", "en") == lang
            if topic.menu:
                assert turn.heard == menu_heard(topic.menu)
                walk(phone2, topic.menu, [*path, topic.key])
                assert phone2.press(BACK).heard == menu_heard(menu_id)  # a way back
                continue
            seen_articles.add(topic.article)
            assert turn.heard[:2] == [f"intro:{topic.article}", f"article:{topic.article}:1"]
            while "/part/" in turn.gather["action"]:
                turn = phone2.wait()
            assert turn.heard[-2:] == OPTIONS
            assert "1" in library.prompt("after_article")  # every topic offers the text
            assert phone2.press(MAIN_MENU).heard == main_heard()

    phone = call()
    phone.start()
    walk(phone, MAIN, [])
    assert seen_menus == set(library.menus)
    assert seen_articles == set(library.articles)


@pytest.mark.shipped("lang", "languages")
def test_the_key_map_is_said_and_means_the_same_in_every_language(call, lang):
    phone, turn = call_in(call, lang)
    assert turn.gather["language"] == TAGS[lang]
    assert int(turn.gather["timeout"]) >= 8 and "dtmf" in turn.gather["input"]
    assert phone.press(HELP).heard == ["prompt:help"]
    assert phone.press(REPEAT).heard == main_heard()
    back = libraries()[lang].words("words_back")[0]
    assert phone.say(back).heard == main_heard()
    help_word = libraries()[lang].words("words_help")[0]
    assert phone.say(help_word).heard == ["prompt:help"]


def test_slower_speech_is_offered_in_help_and_lasts_for_the_rest_of_the_call(call):
    phone = call()
    phone.start()
    assert f"press {SLOWER}" in libraries()["en"].prompt("help")
    turn = phone.press(SLOWER)
    assert turn.heard == ["prompt:slower", *main_heard()]
    assert args_of(turn.gather["action"])["slow"] == "1"
    slow = spoken_items(libraries().values())[item_id(f"menu:{MAIN}", "en", slow=True)]
    assert slow.text in turn.said  # no slow recording in the tests: the same words, spoken
    turn = phone.press("4")
    assert args_of(turn.gather["action"])["slow"] == "1"
    assert phone.press(MAIN_MENU).heard == main_heard()


def test_a_topic_plays_in_parts_and_keys_step_back_forward_and_repeat(call):
    article = libraries()["en"].articles["in-the-department"]
    count = len(parts(article))
    assert count >= 2
    phone = call()
    phone.start()
    turn = phone.press("2")
    assert turn.heard == ["intro:in-the-department", "article:in-the-department:1"]
    assert phone.press("6").heard == ["article:in-the-department:2"]
    assert phone.press("7").heard == ["article:in-the-department:2"]
    assert phone.press("4").heard == ["article:in-the-department:1"]
    assert phone.press("4").heard == ["article:in-the-department:1"]  # not before the start
    for _ in range(count - 1):
        phone.press("6")
    assert phone.press("6").heard == OPTIONS


def test_the_intro_says_how_long_a_topic_is_and_when_it_was_checked():
    texts = spoken_items(libraries().values())
    intro = texts[item_id("intro:your-results")].text
    assert intro.startswith("Getting your results.")
    assert "about 1 minute" in intro and "November 2026" in intro


@pytest.fixture
def open_department(config):
    settings = {"DEPARTMENT_PHONE": "+441234000111", "DEPARTMENT_HOURS": "Mon-Sun 00:00-24:00"}
    return create_app({**config, **settings})


def test_help_connects_to_a_person_during_opening_hours(open_department, describe):
    phone = Call(open_department.test_client(), AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    assert phone.press("0").heard == ["prompt:help", "prompt:person_open"]
    turn = phone.press("1")
    assert turn.heard == ["prompt:person_connecting"] and turn.dialled == "+441234000111"


def test_nobody_answering_brings_the_caller_back_with_an_apology(open_department, describe):
    client = open_department.test_client()
    url = f"{BASE_URL}/voice/help/after-dial?back=/voice/menu/main"
    response = signed_post(client, AUTH_TOKEN, url, {"DialCallStatus": "no-answer"})
    assert b"<Redirect" in response.data and b"/voice/menu/main" in response.data


def test_outside_opening_hours_the_caller_hears_the_hours_and_is_offered_the_text(config, describe):
    today = dt.date.today()
    around = ",".join(str(today + dt.timedelta(d)) for d in (-1, 0, 1))  # any time zone
    settings = {"DEPARTMENT_PHONE": "+441234000111", "DEPARTMENT_HOURS": "Mon-Sun 00:00-24:00"}
    app = create_app({**config, **settings, "BANK_HOLIDAYS": around})
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    phone.press("0")
    turn = phone.press("1")
    assert "<Dial" not in phone.documents[-2] + phone.documents[-1]
    assert any("It is open Monday to Sunday" in said and "MENU" in said for said in turn.said)


@pytest.mark.parametrize(
    "rule,when,open_",
    [
        ("Mon-Fri 09:00-17:00", dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC), True),
        ("Mon-Fri 09:00-17:00", dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), False),
        ("Mon-Fri 09:00-17:00", dt.datetime(2026, 11, 27, 17, 0, tzinfo=dt.UTC), False),
        # British Summer Time: 08:30 UTC is 09:30 in London.
        ("Mon-Fri 09:00-17:00", dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC), True),
    ],
)
def test_opening_hours_are_in_london_time(
    rule,
    when,
    open_,
):
    assert Hours.parse(rule).is_open(when) is open_


def test_bank_holidays_are_closed():
    hours = Hours.parse("Mon-Fri 09:00-17:00", [dt.date(2026, 12, 25)])
    assert not hours.is_open(dt.datetime(2026, 12, 25, 10, 0, tzinfo=dt.UTC))
    english = libraries()["en"].prompts
    assert hours.describe(english) == "Monday to Friday, 09:00 to 17:00, except bank holidays"


@pytest.mark.parametrize(
    "lang,said",
    [
        ("en", "Monday to Wednesday, 09:00 to 17:00, and on Friday, 09:00 to 17:00, "
               "and on Saturday, 10:00 to 12:00"),
        ("cy", "o ddydd Llun i ddydd Mercher, o 09:00 tan 17:00, ac ar ddydd Gwener, o 09:00 "
               "tan 17:00, ac ar ddydd Sadwrn, o 10:00 tan 12:00"),
        ("pl", "od poniedziałku do środy, od 09:00 do 17:00, oraz w piątek, od 09:00 do 17:00, "
               "oraz w sobotę, od 10:00 do 12:00"),
    ],
)  # fmt: skip
def test_opening_hours_are_said_in_the_callers_language_and_days_apart_stay_apart(lang, said):
    hours = Hours.parse("Mon-Wed 09:00-17:00; Fri 09:00-17:00; Sat 10:00-12:00")
    assert hours.describe(libraries()[lang].prompts) == said


def test_a_welsh_caller_out_of_hours_hears_the_hours_in_welsh(config, describe):
    today = dt.date.today()
    around = ",".join(str(today + dt.timedelta(d)) for d in (-1, 0, 1))  # closed today
    settings = {"DEPARTMENT_PHONE": "+441234000111", "DEPARTMENT_HOURS": "Mon-Sun 00:00-24:00"}
    app = create_app({**config, **settings, "BANK_HOLIDAYS": around})
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    in_language(phone, "cy")
    phone.press("0")
    turn = phone.press("1")
    welsh, english = libraries()["cy"].prompts, libraries()["en"].prompts
    [closed] = [said for said in turn.said if welsh["hours_except"] in said]
    days = [day.strip() for day in welsh["days"].split(",")]
    assert days[0] in closed and days[-1] in closed  # open Monday to Sunday, in Welsh
    assert english["hours_except"] not in closed
    assert not any(day.strip() in closed for day in english["days"].split(","))


def test_a_welsh_caller_gets_the_welsh_page_by_text(call, redis):
    phone = call()
    phone.start()
    in_language(phone, "cy")
    turn = phone.press("4")
    while "/part/" in turn.gather["action"]:
        turn = phone.press("6")
    phone.press("1")
    [job] = Queue(SMS, connection=redis).jobs
    assert job.args[1:] == ("your-results", "cy")


def test_texting_a_language_name_switches_the_text_conversation(client, redis):
    def text(body: str) -> str:
        reply = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms", {"From": MOBILE, "Body": body})
        return reply.get_data(as_text=True)

    assert "Cymraeg" in text("CYMRAEG") or "Gymraeg" in text("cymraeg")
    welsh = libraries()["cy"].articles["your-results"]
    assert "/articles/your-results?lang=cy" in text("4")
    assert welsh.sms_summary.split()[0] in text("4")
    assert "lang=pl" in (text("POLSKI"), text("4"))[1]
    assert "?lang=" not in (text("ENGLISH"), text("4"))[1]


@pytest.mark.parametrize("lang,tag", [("cy", "cy-GB"), ("pl", "pl-PL")])
def test_article_pages_come_in_the_readers_language(client, lang, tag):
    html = client.get(f"/articles/your-results?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{tag}">' in html
    assert libraries()[lang].articles["your-results"].title.replace("'", "&#39;") in html
