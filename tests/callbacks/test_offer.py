"""Who is offered a call back, and how many are taken: never a withheld number (told why,
politely), one open request per number (in Redis for the call, in the database behind it),
CALLBACKS_DAILY a day for the line; offered after a transfer nobody answered too; in Welsh
and Polish, by key or by words."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from rq import Queue
from sqlalchemy import select

from app import create_app
from app.callbacks.models import CallbackRequest, Reason
from app.core.hours import LONDON
from app.db.session import new_session
from app.queues import SMS, STORE_CALLBACK
from tests.support.line import BASE_URL
from tests.support.numbers import ABROAD, LANDLINE, MOBILE, OTHER_MOBILE
from tests.support.shipped import libraries


def requests(app: Flask) -> list[CallbackRequest]:
    with new_session(app) as session:
        return list(session.scalars(select(CallbackRequest).order_by(CallbackRequest.id)))


def queued(redis) -> int:  # type: ignore[no-untyped-def]
    """Call-back requests waiting for the worker (other jobs, such as the department's
    settings read back, are not counted)."""
    return sum(job.func_name == STORE_CALLBACK for job in Queue(SMS, connection=redis).get_jobs())


@pytest.mark.parametrize(
    "caller", ["", "anonymous", "+266696687", "+7378742833", "client:ward-3", "sip:a@b.c", "12345"]
)
def test_a_withheld_number_is_told_politely_and_offered_nothing(
    phone_of, asks_for_a_person, app, redis, caller
):
    phone = phone_of(caller)
    turn = asks_for_a_person(phone)
    assert "prompt:callback_withheld" in turn.heard and "prompt:callback_offer" not in turn.heard
    assert turn.gather is not None and "/voice/callback" not in turn.gather["action"]
    assert "/voice/menu/main" in turn.gather["action"]  # back where the caller was
    assert queued(redis) == 0 and redis.keys("nmline:callbacks:*") == []


def test_a_withheld_number_pressing_1_at_the_offer_anyway_is_refused(
    phone_of, asks_for_a_person, app, redis
):
    phone = phone_of("anonymous")
    phone.start()
    # A replayed or forged step straight to the offer's choice: still the caller's own From.
    turn = phone._fetch(f"{BASE_URL}/voice/callback/choose?why=closed", {"Digits": "1"})
    assert turn.heard[0] == "prompt:callback_withheld" and queued(redis) == 0


@pytest.mark.parametrize("caller", [MOBILE, LANDLINE, ABROAD], ids=["mobile", "landline", "abroad"])
def test_a_mobile_a_landline_or_a_number_abroad_can_be_called_back(
    phone_of, asks_for_a_person, app, caller
):
    turn = asks_for_a_person(phone_of(caller))
    assert turn.heard[-1] == "prompt:callback_offer"


def test_a_second_request_from_the_same_number_is_refused_politely(
    phone_of, asks_for_a_person, app, redis, worker
):
    first = phone_of(MOBILE)
    asks_for_a_person(first)
    assert first.press("1").heard[0] == "prompt:callback_confirmed"
    again = asks_for_a_person(phone_of(MOBILE))
    assert "prompt:callback_already" in again.heard and "prompt:callback_offer" not in again.heard
    worker()
    assert len(requests(app)) == 1
    # Redis lost its mark: the caller is offered again, but the worker keeps no second one.
    redis.delete(*redis.keys("nmline:callbacks:open:*"))
    third = phone_of(MOBILE)
    asks_for_a_person(third)
    assert third.press("1").heard[0] == "prompt:callback_confirmed"
    worker()
    assert len(requests(app)) == 1


def test_the_line_takes_at_most_callbacks_daily_a_day(
    phone_of, asks_for_a_person, config, redis, worker
):
    line = create_app({**config, "CALLBACKS_DAILY": "2"})
    for caller in (MOBILE, OTHER_MOBILE):
        phone = phone_of(caller, line)
        asks_for_a_person(phone)
        assert phone.press("1").heard[0] == "prompt:callback_confirmed"
    full = asks_for_a_person(phone_of(LANDLINE, line))
    assert "prompt:callback_full" in full.heard and "prompt:callback_offer" not in full.heard
    worker()
    assert len(requests(line)) == 2


def test_offered_then_full_when_another_caller_took_the_last_one(
    phone_of, asks_for_a_person, config, redis
):
    line = create_app({**config, "CALLBACKS_DAILY": "1"})
    first, second = phone_of(MOBILE, line), phone_of(OTHER_MOBILE, line)
    assert asks_for_a_person(first).heard[-1] == "prompt:callback_offer"
    assert asks_for_a_person(second).heard[-1] == "prompt:callback_offer"
    assert first.press("1").heard[0] == "prompt:callback_confirmed"
    assert second.press("1").heard[0] == "prompt:callback_full"
    assert queued(redis) == 1


def test_callbacks_daily_0_offers_none_and_says_nothing_of_it(
    phone_of, asks_for_a_person, config, redis
):
    line = create_app({**config, "CALLBACKS_DAILY": "0"})
    turn = asks_for_a_person(phone_of(MOBILE, line))
    assert not any(h.startswith("prompt:callback") for h in turn.heard)
    assert "/voice/menu/main" in turn.gather["action"]


def test_star_goes_back_and_nothing_is_asked(phone_of, asks_for_a_person, app, redis):
    phone = phone_of(MOBILE)
    asks_for_a_person(phone)
    turn = phone.press("*")
    assert turn.heard[0] == "menu:main" and queued(redis) == 0


def test_silence_at_the_offer_goes_back_and_nothing_is_asked(
    phone_of, asks_for_a_person, app, redis
):
    phone = phone_of(MOBILE)
    asks_for_a_person(phone)
    assert phone.wait().heard[0] == "menu:main" and queued(redis) == 0


@pytest.mark.parametrize("status", ["no-answer", "busy", "failed"])
def test_after_a_transfer_nobody_answered_the_call_back_is_offered(
    phone_of, asks_for_a_person, config, redis, worker, status
):
    line = create_app({**config, "BANK_HOLIDAYS": ""})  # open all day, every day
    phone = phone_of(MOBILE, line)
    assert asks_for_a_person(phone).dialled == config["DEPARTMENT_PHONE"]
    turn = phone.dial_ends(status)
    assert turn.heard == ["prompt:person_busy", "prompt:callback_offer"]
    assert phone.press("1").heard[0] == "prompt:callback_confirmed"
    worker()
    assert [r.reason for r in requests(line)] == [Reason.UNANSWERED]


def test_a_call_that_was_answered_is_not_offered_one(phone_of, asks_for_a_person, config, redis):
    line = create_app({**config, "BANK_HOLIDAYS": ""})
    phone = phone_of(MOBILE, line)
    asks_for_a_person(phone)
    assert phone.dial_ends("completed").hung_up


@pytest.mark.parametrize(("lang", "words"), [("cy", "ie os gwelwch yn dda"), ("pl", "oddzwońcie")])
def test_welsh_and_polish_callers_hear_it_in_their_language_and_may_say_yes(
    phone_of, asks_for_a_person, app, redis, worker, lang, words
):
    prompts = libraries()[lang].prompts
    phone = phone_of(MOBILE)
    turn = asks_for_a_person(phone, lang)
    assert turn.said[-1] == " ".join(prompts["callback_offer"].split())
    assert turn.gather["language"] == {"cy": "cy-GB", "pl": "pl-PL"}[lang]
    said = phone.say(words).said
    assert said[0] == " ".join(prompts["callback_confirmed"].split())
    worker()
    [kept] = requests(app)
    assert kept.lang == lang


def test_the_offer_is_repeated_on_7_and_sorry_for_a_key_it_does_not_know(
    phone_of, asks_for_a_person, app, redis
):
    phone = phone_of(MOBILE)
    asks_for_a_person(phone)
    assert phone.press("7").heard == ["prompt:callback_offer"]
    assert phone.press("5").heard == ["prompt:sorry", "prompt:callback_offer"]
    assert queued(redis) == 0


def test_the_request_is_taken_in_london_day_counts(phone_of, asks_for_a_person, app, redis):
    phone = phone_of(MOBILE)
    asks_for_a_person(phone)
    phone.press("1")
    [day_key] = redis.keys("nmline:callbacks:day:*")
    london_today = dt.datetime.now(dt.UTC).astimezone(LONDON).date()
    assert day_key.decode().endswith(london_today.isoformat())
    assert 0 < redis.ttl(day_key) <= 2 * 86400
    [open_key] = redis.keys("nmline:callbacks:open:*")
    assert MOBILE[-10:] not in open_key.decode() and 0 < redis.ttl(open_key) <= 7 * 86400
