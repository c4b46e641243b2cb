"""Replies to texts cannot run up a bill: only to mobiles in the line's countries, and at
most so many a day to one number and from the whole line; past either, no reply at all."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from redis import Redis

from app import create_app
from app.core.counts import day_counts
from app.settings import Settings
from app.settings_values import SettingsError
from app.sms_values import Provider
from app.texts.replies import ReplyLimits, may_reply, sender_key
from tests.support.line import TEST_REDIS_URL
from tests.support.numbers import ABROAD, LANDLINE, MOBILE, OTHER_MOBILE
from tests.support.texts import text


def mobile(n: int) -> str:
    """The n-th of many UK mobiles (+447400100000...)."""
    return f"+4474001{n:05d}"


def test_a_text_from_a_country_the_line_does_not_text_gets_no_reply(client, redis):
    assert text(client, "MENU", sender=ABROAD) == []
    assert text(client, "4", sender=ABROAD) == []
    assert day_counts(redis)["replies_refused_not_mobile"] == 2
    assert day_counts(redis)["texts_received"] == 2


@pytest.mark.parametrize(
    "sender",
    [LANDLINE, "anonymous", "+44123", "BANK", "+882355555555"],
    ids=["landline", "anonymous", "too-short", "a-name", "satellite"],  # never a number in output
)
def test_a_text_from_a_landline_or_no_usable_number_gets_no_reply(client, redis, sender):
    assert text(client, "MENU", sender=sender) == []
    assert day_counts(redis)["replies_refused_not_mobile"] == 1


def test_the_countries_are_those_texts_go_to(config, redis):
    client = create_app({**config, "TEXT_COUNTRIES": "GB,US"}).test_client()
    assert len(text(client, "MENU", sender=ABROAD)) == 1


def test_a_hundred_texts_from_one_number_get_ten_replies_and_no_number_is_kept(client, redis):
    replies = [text(client, "4") for _ in range(100)]
    assert [len(r) for r in replies] == [1] * 10 + [0] * 90
    assert day_counts(redis)["replies_refused_limit"] == 90
    assert len(text(client, "4", sender=OTHER_MOBILE)) == 1  # another patient is answered
    for key in redis.scan_iter("*"):
        assert MOBILE[-10:].encode() not in key and MOBILE[-10:].encode() not in redis.dump(key)


def test_a_number_past_its_limit_is_answered_again_the_next_day_and_forgotten(redis):
    limits = ReplyLimits(secret="s", per_number_daily=2)
    today = dt.date(2026, 3, 2)
    assert [may_reply(redis, limits, MOBILE, today) for _ in range(3)] == ["reply"] * 2 + ["limit"]
    assert may_reply(redis, limits, MOBILE, today + dt.timedelta(days=1)) == "reply"
    for key in redis.scan_iter("nmline:sms:replies:*"):
        ttl = redis.ttl(key)
        assert 0 < ttl <= (86400 if b":all:" not in key else 2 * 86400), (key, ttl)
    # The count's key is a keyed hash with the day in it: no other day's, nor the STOP list's.
    assert sender_key("s", MOBILE, today) != sender_key("s", MOBILE, today + dt.timedelta(1))


def test_one_busy_number_does_not_use_up_the_lines_replies(config, redis):
    client = create_app(
        {**config, "TEXT_REPLIES_PER_NUMBER_DAILY": "2", "TEXT_REPLIES_DAILY": "5"}
    ).test_client()
    assert sum(len(text(client, "4")) for _ in range(20)) == 2
    answered = [len(text(client, "4", sender=mobile(n))) for n in range(5)]
    assert answered == [1, 1, 1, 0, 0]  # the line's five: two to the busy number, three here
    assert day_counts(redis)["replies_refused_busy"] == 2
    assert day_counts(redis)["replies_refused_limit"] == 18


def test_limits_hold_when_texts_arrive_at_once(redis):
    limits = ReplyLimits(secret="s", per_number_daily=5, daily=1000)
    today = dt.date.today()

    def one(_: int) -> str:
        with Redis.from_url(TEST_REDIS_URL) as own:
            return may_reply(own, limits, MOBILE, today)

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(one, range(40)))
    assert answers.count("reply") == 5 and answers.count("limit") == 35


def test_no_replies_at_all_when_the_limit_is_zero_but_stop_still_works(config, redis):
    client = create_app({**config, "TEXT_REPLIES_PER_NUMBER_DAILY": "0"}).test_client()
    assert text(client, "HELP") == []
    assert text(client, "STOP.") == []
    assert redis.scard("nmline:sms:opted-out") == 1


@pytest.mark.parametrize("name", ["TEXT_REPLIES_PER_NUMBER_DAILY", "TEXT_REPLIES_DAILY"])
@pytest.mark.parametrize("value", ["-1", "ten", "1.5"])
def test_a_limit_that_is_not_a_whole_number_stops_start_up(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({"APP_ENV": "development", name: value})


def test_the_limits_are_read_from_the_settings():
    settings = Settings.from_env(
        {"APP_ENV": "development", "TEXT_REPLIES_PER_NUMBER_DAILY": "3", "TEXT_REPLIES_DAILY": "7"}
    )
    limits = ReplyLimits.of(settings)
    assert (limits.per_number_daily, limits.daily) == (3, 7)


@pytest.mark.parametrize("provider", [Provider.TWILIO])  # Notify's: tests/texts/test_notify.py
def test_with_redis_down_only_a_mobile_the_line_texts_gets_an_apology(config, redis):
    client = create_app({**config, "REDIS_URL": "redis://127.0.0.1:1/0"}).test_client()
    assert text(client, "MENU", sender=ABROAD) == []
    assert text(client, "STOP!") == []
    [apology] = text(client, "MENU")
    assert apology.startswith("Sorry")
