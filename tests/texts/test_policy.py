"""Asking for a text during a call: only ever to the caller's own mobile, within limits."""

from __future__ import annotations

import uuid

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
from app.sms_values import Provider
from app.texts.policy import _DECIDE
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import ABROAD, LANDLINE, MOBILE, OTHER_MOBILE
from tests.support.phone import OPTIONS, skip_to_options
from tests.support.processes import run_worker
from tests.support.shipped import library
from tests.support.simulator import Call, signed_post
from tests.support.sms_api import TEMPLATES, SmsApi
from tests.support.texts import text

TWILIO = pytest.mark.parametrize("provider", [Provider.TWILIO])  # Twilio's own ways
NOTIFY = pytest.mark.parametrize("provider", [Provider.NOTIFY])  # Notify's


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
    texting, sms_api: SmsApi, redis, worker_env
):
    app = create_app(texting)
    _, heard = listen_and_ask(app)
    assert heard[0] == sending("4, 5, 6")
    worker = run_worker({**worker_env, **texting}, SMS)
    assert worker.returncode == 0, worker.stderr[-2000:]
    [(to, body)] = sms_api.sent
    assert to == MOBILE
    assert body.endswith(f" {BASE_URL}/articles/your-results")
    assert body.startswith(library().articles["your-results"].sms_summary)
    assert day_counts(redis)["texts_sent"] == 1


@TWILIO
def test_twilio_sends_from_the_lines_number_and_reports_to_sms_status(
    texting, sms_api: SmsApi, redis, worker_env
):
    listen_and_ask(create_app(texting))
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    [message] = sms_api.twilio.messages
    assert message["From"] == texting["TWILIO_PHONE_NUMBER"]
    assert message["StatusCallback"] == f"{BASE_URL}/sms/status"


@NOTIFY
def test_notify_gets_the_link_templates_words_and_the_jobs_id_as_reference(
    texting, sms_api: SmsApi, redis, worker_env
):
    listen_and_ask(create_app(texting))
    [job_id] = sms_queue(redis).job_ids
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    [message] = sms_api.notify.messages
    assert message["template_id"] == TEMPLATES["link"]
    assert message["personalisation"]["body"] == message["body"]
    assert message["reference"] == job_id
    assert sms_api.twilio.requests == 0


@TWILIO
def test_a_messaging_service_sends_the_text_when_one_is_set(texting, sms_api, redis, worker_env):
    settings = {**texting, "TWILIO_MESSAGING_SERVICE_SID": "MG" + "1" * 32}
    listen_and_ask(create_app(settings))
    assert run_worker({**worker_env, **settings}, SMS).returncode == 0
    [message] = sms_api.twilio.messages
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
    texting, sms_api: SmsApi, redis, worker_env
):
    app = create_app(texting)
    listen_and_ask(app)
    text(app.test_client(), "STOP")  # Twilio confirms it; with Notify, the line does
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert [words for _, words in sms_api.sent if "/articles/" in words] == []


def test_server_errors_are_retried_and_the_text_goes_once(
    texting, sms_api: SmsApi, redis, worker_env
):
    listen_and_ask(create_app(texting))
    sms_api.fail_next()
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert len(sms_api.sent) == 1 and day_counts(redis)["texts_sent"] == 1


@NOTIFY
def test_notifys_rate_limit_is_retried_and_the_text_goes_once(
    texting, sms_api: SmsApi, redis, worker_env
):
    listen_and_ask(create_app(texting))
    sms_api.notify.limit_next()
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert len(sms_api.sent) == 1 and day_counts(redis)["texts_sent"] == 1


@NOTIFY
def test_a_text_notify_took_though_its_answer_was_lost_is_not_sent_again(
    texting, sms_api: SmsApi, redis, worker_env
):
    """Notify kept the text but the job saw a failure: the retry finds it by its reference."""
    listen_and_ask(create_app(texting))
    sms_api.notify.fail_next(502, accepted=True)
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert len(sms_api.sent) == 1 and day_counts(redis)["texts_sent"] == 1


def test_a_text_that_fails_on_every_try_is_counted_as_failed_once(
    texting, sms_api: SmsApi, redis, worker_env
):
    listen_and_ask(create_app(texting))
    sms_api.fail_next(times=3)  # the first try and both retries
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert sms_api.sent == []
    assert day_counts(redis).get("texts_failed") == 1
    assert "texts_sent" not in day_counts(redis)


def test_a_refusal_is_not_retried_and_its_reason_is_kept(
    texting, sms_api: SmsApi, redis, worker_env, app
):
    listen_and_ask(create_app(texting))
    reason = sms_api.refuse_next(times=3)
    assert run_worker({**worker_env, **texting}, SMS).returncode == 0
    assert sms_api.requests == 1
    [job_id] = sms_queue(redis).failed_job_registry.get_job_ids()
    text_ = sms_queue(redis).fetch_job(job_id).latest_result().exc_string
    assert reason in text_ and MOBILE not in text_
    assert day_counts(redis)["texts_failed"] == 1


@NOTIFY
def test_a_wrong_notify_key_is_refused_and_not_retried(texting, sms_api: SmsApi, redis, worker_env):
    other = f"line_test-{sms_api.notify.service_id}-{uuid.uuid4()}"
    settings = {**texting, "NOTIFY_API_KEY": other}
    listen_and_ask(create_app(settings))
    assert run_worker({**worker_env, **settings}, SMS).returncode == 0
    assert sms_api.sent == [] and sms_api.requests == 1
    [job_id] = sms_queue(redis).failed_job_registry.get_job_ids()
    assert "HTTP 403 AuthError" in sms_queue(redis).fetch_job(job_id).latest_result().exc_string


def test_the_service_out_of_reach_is_retried_then_shown_as_failed(texting, redis, worker_env):
    settings = {**texting, "TWILIO_API_BASE_URL": "http://127.0.0.1:9"}
    if texting["SMS_PROVIDER"] == Provider.NOTIFY:
        settings["NOTIFY_BASE_URL"] = "http://127.0.0.1:9"
    listen_and_ask(create_app(settings))
    assert run_worker({**worker_env, **settings}, SMS).returncode == 0
    [job_id] = sms_queue(redis).failed_job_registry.get_job_ids()
    text_ = sms_queue(redis).fetch_job(job_id).latest_result().exc_string
    assert "could not reach Twilio" in text_ or "Notify answered HTTP 503" in text_
    assert day_counts(redis)["texts_failed"] == 1


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


def test_a_redis_failure_just_after_the_service_accepts_never_sends_the_text_again(
    texting, sms_api: SmsApi, redis, monkeypatch
):
    """The service has the message; counting it then fails. A retry would text twice."""
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
    assert len(sms_api.sent) == 1 and sms_api.requests == 1
    assert sms_queue(redis).failed_job_registry.count == 0
