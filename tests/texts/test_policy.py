"""Asking for a text during a call: only ever to the caller's own mobile, within limits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis import Redis
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import Queue, SimpleWorker

from app import create_app
from app.core import counts as stats
from app.core.counts import day_counts
from app.queues import SMS
from app.services import services
from app.texts.policy import _DECIDE
from tests.support.fake_twilio import FakeTwilio
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import ABROAD, LANDLINE, MOBILE, OTHER_MOBILE
from tests.support.phone import OPTIONS, skip_to_options
from tests.support.processes import run_worker
from tests.support.shipped import library
from tests.support.simulator import Call, signed_post


@pytest.fixture
def twilio_api(config) -> Iterator[FakeTwilio]:
    fake = FakeTwilio(config["TWILIO_ACCOUNT_SID"], AUTH_TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture
def texting(config, twilio_api) -> dict[str, str]:
    return {**config, "TWILIO_API_BASE_URL": twilio_api.url, "SMS_RETRY_INTERVALS": "0,0"}


def listen_and_ask(app, caller: str = MOBILE, topic: str = "4") -> tuple[Call, list[str]]:
    """Call, choose a topic, press 1 for the text; what the caller heard."""
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, caller=caller)
    phone.start()
    skip_to_options(phone, phone.press(topic))
    turn = phone.press("1")
    return phone, turn.said or turn.played


def sending(digits: str) -> str:
    """What the caller is told when the text is on its way: the content's own words, with
    the last three digits of their number."""
    return library().prompt("text_sending", digits=digits)


def sms_queue(redis: Redis) -> Queue:
    return Queue(SMS, connection=redis)


def test_the_text_reaches_the_callers_own_mobile_with_the_link(
    texting, twilio_api, redis, worker_env
):
    app = create_app(texting)
    _, heard = listen_and_ask(app)
    assert heard[0] == sending("4, 5, 6")
    worker = run_worker({**worker_env, **texting}, SMS)
    assert worker.returncode == 0, worker.stderr[-2000:]
    [message] = twilio_api.messages
    assert message["To"] == MOBILE
    assert message["From"] == texting["TWILIO_PHONE_NUMBER"]
    assert message["Body"].endswith(f" {BASE_URL}/articles/your-results")
    assert message["Body"].startswith(library().articles["your-results"].sms_summary)
    assert message["StatusCallback"] == f"{BASE_URL}/sms/status"
    assert day_counts(redis)["texts_sent"] == 1


def test_a_messaging_service_sends_the_text_when_one_is_set(texting, twilio_api, redis, worker_env):
    settings = {**texting, "TWILIO_MESSAGING_SERVICE_SID": "MG" + "1" * 32}
    listen_and_ask(create_app(settings))
    assert run_worker({**worker_env, **settings}, SMS).returncode == 0
    [message] = twilio_api.messages
    assert message["MessagingServiceSid"] == "MG" + "1" * 32 and "From" not in message


@pytest.mark.parametrize(
    "caller,prompt",
    [
        (LANDLINE, "text_landline"),
        (ABROAD, "text_abroad"),
        ("anonymous", "text_withheld"),
        ("", "text_withheld"),
        ("+266696687", "text_withheld"),
    ],
)
def test_no_text_for_a_landline_a_withheld_or_a_foreign_number_and_the_caller_is_told_why(
    texting, redis, call, caller, prompt
):
    phone = call(caller)
    phone.start()
    skip_to_options(phone, phone.press("4"))
    assert phone.press("1").heard == [f"prompt:{prompt}", *OPTIONS]
    assert sms_queue(redis).count == 0


def test_foreign_mobiles_can_be_allowed_by_setting(texting, redis):
    app = create_app({**texting, "TEXT_COUNTRIES": "GB,US"})
    _, heard = listen_and_ask(app, caller="+12015550123")
    assert heard[0] == sending("1, 2, 3")


def test_one_text_per_article_per_call(texting, redis, call):
    phone = call()
    phone.start()
    skip_to_options(phone, phone.press("4"))
    assert phone.press("1").said[0] == sending("4, 5, 6")
    assert phone.press("1").heard[0] == "prompt:text_already_sent"
    phone.press("*")
    skip_to_options(phone, phone.press("3"))
    assert phone.press("1").said[0] == sending("4, 5, 6")  # another topic may be texted
    assert sms_queue(redis).count == 2


def test_a_replayed_webhook_sends_nothing_twice(texting, redis, client):
    params = {"CallSid": "CA" + "9" * 32, "From": MOBILE, "Digits": "1"}
    url = f"{BASE_URL}/voice/article/your-results/choose"
    for _ in range(3):
        assert signed_post(client, AUTH_TOKEN, url, params).status_code == 200
    assert sms_queue(redis).count == 1


def test_each_number_gets_a_few_texts_a_day_then_is_told_politely(texting, redis, describe):
    app = create_app({**texting, "TEXTS_PER_NUMBER_DAILY": "2"})
    for _ in range(2):
        assert listen_and_ask(app)[1][0] == sending("4, 5, 6")
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    skip_to_options(phone, phone.press("4"))
    assert phone.press("1").heard[0] == "prompt:text_limit"
    assert sms_queue(redis).count == 2
    # A different caller is not affected by this one's limit.
    assert listen_and_ask(app, caller=OTHER_MOBILE)[1][0] == sending("3, 2, 1")


def test_the_line_stops_texting_at_its_daily_cap(texting, redis, describe):
    app = create_app({**texting, "TEXTS_DAILY": "1"})
    listen_and_ask(app)
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, caller=OTHER_MOBILE, describe=describe)
    phone.start()
    skip_to_options(phone, phone.press("4"))
    assert phone.press("1").heard[0] == "prompt:text_unavailable"
    assert sms_queue(redis).count == 1


def test_stop_by_text_is_honoured_by_calls_and_start_brings_texts_back(texting, redis, call):
    sms = f"{BASE_URL}/sms"
    client_ = create_app(texting).test_client()
    stop = signed_post(client_, AUTH_TOKEN, sms, {"From": MOBILE, "Body": "Stop"})
    assert b"<Message" not in stop.data  # Twilio itself confirms STOP on long codes
    phone = call()
    phone.start()
    skip_to_options(phone, phone.press("4"))
    assert phone.press("1").heard[0] == "prompt:text_opted_out"
    assert sms_queue(redis).count == 0
    start = signed_post(client_, AUTH_TOKEN, sms, {"From": MOBILE, "Body": "START"})
    assert b"<Message" not in start.data
    phone.press("*")
    skip_to_options(phone, phone.press("3"))
    assert phone.press("1").said[0] == sending("4, 5, 6")


def test_stop_after_asking_means_the_queued_text_is_never_sent(
    texting, twilio_api, redis, worker_env
):
    app = create_app(texting)
    listen_and_ask(app)
    signed_post(app.test_client(), AUTH_TOKEN, f"{BASE_URL}/sms", {"From": MOBILE, "Body": "STOP"})
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert twilio_api.messages == [] and twilio_api.requests == 0


def test_twilio_server_errors_are_retried_and_the_text_goes_once(
    texting, twilio_api, redis, worker_env
):
    listen_and_ask(create_app(texting))
    twilio_api.fail_next(503, 20500)
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert twilio_api.requests == 2 and len(twilio_api.messages) == 1


def test_a_text_that_fails_on_every_try_is_counted_as_failed_once(
    texting, twilio_api, redis, worker_env
):
    listen_and_ask(create_app(texting))
    twilio_api.fail_next(503, 20500, times=3)  # the first try and both retries
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert twilio_api.requests == 3 and twilio_api.messages == []
    assert day_counts(redis).get("texts_failed") == 1
    assert "texts_sent" not in day_counts(redis)


def test_a_refusal_from_twilio_is_not_retried_and_its_reason_is_kept(
    texting, twilio_api, redis, worker_env, app
):
    listen_and_ask(create_app(texting))
    twilio_api.fail_next(400, 21610, times=3)
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert twilio_api.requests == 1
    [job_id] = sms_queue(redis).failed_job_registry.get_job_ids()
    text = sms_queue(redis).fetch_job(job_id).latest_result().exc_string
    assert "HTTP 400, error 21610" in text
    assert day_counts(redis)["texts_failed"] == 1


def test_twilio_out_of_reach_is_retried_then_shown_as_failed(texting, redis, worker_env):
    settings = {**texting, "TWILIO_API_BASE_URL": "http://127.0.0.1:9"}
    listen_and_ask(create_app(settings))
    assert run_worker({**worker_env, **settings}, SMS).returncode == 0
    [job_id] = sms_queue(redis).failed_job_registry.get_job_ids()
    text = sms_queue(redis).fetch_job(job_id).latest_result().exc_string
    assert "could not reach Twilio" in text


@pytest.mark.parametrize("status,counter", [("delivered", "texts_delivered"),
                                            ("undelivered", "texts_failed"),
                                            ("failed", "texts_failed")])  # fmt: skip
def test_delivery_reports_are_counted_without_any_number(client, redis, status, counter):
    params = {"MessageSid": "SM" + "1" * 32, "MessageStatus": status, "To": MOBILE}
    response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms/status", params)
    assert response.status_code == 204
    assert day_counts(redis) == {counter: 1}
    everything = b" ".join(redis.keys("*")) + b" ".join(
        v for key in redis.keys("*") if redis.type(key) == b"hash" for v in redis.hvals(key)
    )
    assert MOBILE[-10:].encode() not in everything


def test_with_redis_down_the_caller_hears_a_spoken_apology(config, describe):
    app = create_app({**config, "REDIS_URL": "redis://127.0.0.1:9/0"})
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    skip_to_options(phone, phone.press("4"))
    turn = phone.press("1")
    assert turn.heard == ["prompt:text_unavailable", *OPTIONS]
    assert turn.gather is not None


@pytest.fixture
def round_trips(monkeypatch) -> list[int]:
    """How many times the app has written to a Redis connection, as it goes."""
    sent = [0]
    original = Connection.send_packed_command

    def counted(self, *args, **kwargs):
        sent[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    return sent


def test_the_call_waits_on_redis_only_for_the_text_and_then_for_two_round_trips(
    config, redis, round_trips
):
    """Menus and topics never touch Redis (counts are written by a thread); asking for a
    text is decided in one round trip and queued in one more."""
    app = create_app({**config, "STATS_FLUSH_SECONDS": "3600"})
    # As after the line's first text: Redis knows the script, rq knows Redis's version.
    services(app).redis.script_load(_DECIDE)
    services(app).sms_queue.get_redis_server_version()
    connected = round_trips[0]
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, caller=MOBILE)
    phone.start()
    skip_to_options(phone, phone.press("4"))
    phone.press("*")
    skip_to_options(phone, phone.press("3"))
    before = round_trips[0]
    assert before == connected
    assert phone.press("1").said[0] == sending("4, 5, 6")
    assert round_trips[0] - before == 2
    assert sms_queue(redis).count == 1


def test_a_redis_failure_just_after_twilio_accepts_never_sends_the_text_again(
    texting, twilio_api, redis, monkeypatch
):
    """Twilio has the message; counting it then fails. A retry would text the patient twice."""
    listen_and_ask(create_app(texting))
    for name, value in texting.items():
        monkeypatch.setenv(name, value)
    original = stats.add

    def fails_counting_the_send(connection, counts):
        if any(name == "texts_sent" for _, name in counts):
            raise RedisConnectionError("Redis went away just then")
        return original(connection, counts)

    monkeypatch.setattr(stats, "add", fails_counting_the_send)
    SimpleWorker([sms_queue(redis)], connection=redis).work(burst=True)
    assert len(twilio_api.messages) == 1 and twilio_api.requests == 1
    assert sms_queue(redis).failed_job_registry.count == 0
