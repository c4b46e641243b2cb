"""Texts through GOV.UK Notify (SMS_PROVIDER=notify): its settings checked at start-up, the
stand-in answering as Notify's published API does, and texts to the line arriving by its
received-text callback, answered through its API."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
import requests
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from rq import SimpleWorker

from app import create_app
from app.core.counts import day_counts
from app.services import services
from app.settings import Settings
from app.settings_values import SettingsError
from app.sms_values import Provider
from tests.support.line import GOOD
from tests.support.numbers import MOBILE
from tests.support.sms_api import TEMPLATES, SmsApi
from tests.support.texts import text

NOTIFY = pytest.mark.parametrize("provider", [Provider.NOTIFY])
KEY = f"line_live-{uuid.uuid4()}-{uuid.uuid4()}"
READY = {**GOOD, "SMS_PROVIDER": "notify", "NOTIFY_API_KEY": KEY,
         "NOTIFY_TEMPLATES": f"link={uuid.uuid4()},reply={uuid.uuid4()}",
         "NOTIFY_CALLBACK_TOKEN": "a-long-enough-token"}  # fmt: skip


def test_notify_is_chosen_with_its_key_templates_and_token():
    settings = Settings.from_env(READY)
    assert settings.sms_provider == Provider.NOTIFY
    assert dict(settings.notify_templates).keys() == {"link", "reply"}
    assert KEY not in repr(settings) and "a-long-enough-token" not in repr(settings)


def test_twilio_is_the_default_and_needs_nothing_of_notify():
    assert Settings.from_env(GOOD).sms_provider == Provider.TWILIO


@pytest.mark.parametrize(
    "changed,named",
    [({"SMS_PROVIDER": "carrier-pigeon"}, "SMS_PROVIDER"),
     ({"NOTIFY_API_KEY": ""}, "NOTIFY_API_KEY"),
     ({"NOTIFY_API_KEY": "just-a-secret"}, "NOTIFY_API_KEY"),
     ({"NOTIFY_TEMPLATES": ""}, "NOTIFY_TEMPLATES"),
     ({"NOTIFY_TEMPLATES": f"link={uuid.uuid4()}"}, "reply"),
     ({"NOTIFY_TEMPLATES": "link=12,reply=34"}, "NOTIFY_TEMPLATES"),
     ({"NOTIFY_TEMPLATES": f"letter={uuid.uuid4()}"}, "NOTIFY_TEMPLATES"),
     ({"NOTIFY_CALLBACK_TOKEN": ""}, "NOTIFY_CALLBACK_TOKEN"),
     ({"NOTIFY_CALLBACK_TOKEN": "short"}, "NOTIFY_CALLBACK_TOKEN")],
)  # fmt: skip
def test_notify_without_what_it_needs_stops_start_up_naming_it(changed, named):
    with pytest.raises(SettingsError, match=named):
        Settings.from_env({**READY, **changed})


# The stand-in, through Notify's own client: as Notify's published API answers.
@pytest.fixture
def official(sms_api: SmsApi) -> NotificationsAPIClient:
    return NotificationsAPIClient(sms_api.notify.api_key, base_url=sms_api.notify.url)


def send(client: NotificationsAPIClient, **changed: object) -> dict:
    given = {"phone_number": MOBILE, "template_id": TEMPLATES["link"],
             "personalisation": {"body": "Hello"}, "reference": "job-1"} | changed  # fmt: skip
    return client.send_sms_notification(**given)


def refusal(client: NotificationsAPIClient, **changed: object) -> tuple[int, str]:
    with pytest.raises(HTTPError) as caught:
        send(client, **changed)
    [problem] = caught.value.message
    return caught.value.status_code, problem["error"]


def test_the_stand_in_takes_a_text_signed_with_the_key(sms_api: SmsApi, official):
    answer = send(official)
    assert answer["content"]["body"] == "Hello" and answer["reference"] == "job-1"
    [found] = official.get_all_notifications(reference="job-1")["notifications"]
    assert found["id"] == answer["id"]


def test_the_stand_in_refuses_a_wrong_key_with_403(sms_api: SmsApi):
    wrong = NotificationsAPIClient(f"x-{sms_api.notify.service_id}-{uuid.uuid4()}",
                                   base_url=sms_api.notify.url)  # fmt: skip
    assert refusal(wrong) == (403, "AuthError")
    other = NotificationsAPIClient(f"x-{uuid.uuid4()}-{sms_api.notify.secret}",
                                   base_url=sms_api.notify.url)  # fmt: skip
    assert refusal(other) == (403, "AuthError")
    assert sms_api.notify.messages == []


def test_the_stand_in_refuses_a_token_from_more_than_30_seconds_ago(sms_api: SmsApi):
    notify = sms_api.notify
    stale = jwt.encode({"iss": notify.service_id, "iat": int(time.time()) - 60}, notify.secret)
    payload = {"phone_number": MOBILE, "template_id": TEMPLATES["link"]}
    answer = requests.post(f"{notify.url}/v2/notifications/sms", json=payload, timeout=5,
                           headers={"Authorization": f"Bearer {stale}"})  # fmt: skip
    assert answer.status_code == 403 and answer.json()["errors"][0]["error"] == "AuthError"


def test_the_stand_in_answers_bad_requests_and_rate_limits_as_notify_does(sms_api, official):
    assert refusal(official, personalisation={}) == (400, "BadRequestError")
    assert refusal(official, template_id=str(uuid.uuid4())) == (400, "BadRequestError")
    assert refusal(official, phone_number="12") == (400, "ValidationError")
    sms_api.notify.limit_next()
    assert refusal(official) == (429, "RateLimitError")
    assert sms_api.notify.messages == []


# Texts to the line by Notify's received-text callback.
@NOTIFY
def test_a_text_by_notify_is_answered_through_its_api_with_the_reply_template(
    client, redis, sms_api: SmsApi
):
    [reply] = text(client, "MENU")
    [message] = sms_api.notify.messages
    assert message["phone_number"] == MOBILE and message["template_id"] == TEMPLATES["reply"]
    assert message["personalisation"] == {"body": reply}
    assert sms_api.twilio.requests == 0
    assert day_counts(redis)["texts_received"] == 1


@NOTIFY
def test_notify_calling_again_with_the_same_text_gets_one_reply(client, redis, sms_api):
    notify = sms_api.notify
    payload = {
        "id": str(uuid.uuid4()),
        "source_number": MOBILE[1:],
        "message": "HELP",
        "destination_number": "07700900000",
        "date_received": "2026-12-05T05:00:00Z",
    }
    for _ in range(3):
        assert notify.callback(client, "/sms/notify/received", payload).status_code == 204
    line = services(client.application)
    assert line.sms_queue.count == 1
    assert day_counts(redis)["texts_received"] == 1


@NOTIFY
def test_notify_does_not_confirm_a_stop_so_the_line_does(app, client, redis, sms_api):
    stopped = services(app).speaker.libraries["en"].prompt("sms_stopped")
    assert text(client, "STOP") == [stopped]
    assert text(client, "MENU") == []
    assert text(client, "START") == []
    assert len(text(client, "MENU")) == 1


@NOTIFY
def test_with_redis_down_notify_is_asked_to_call_again(config, sms_api: SmsApi):
    client = create_app({**config, "REDIS_URL": "redis://127.0.0.1:1/0"}).test_client()
    answer = sms_api.notify.receive(client, MOBILE, "MENU")
    assert answer.status_code == 503 and MOBILE not in answer.get_data(as_text=True)
    assert sms_api.notify.messages == []


@NOTIFY
def test_a_reply_still_queued_when_the_number_says_stop_is_never_sent(app, client, redis, sms_api):
    notify = sms_api.notify
    assert notify.receive(client, MOBILE, "MENU").status_code == 204  # queued, not yet sent
    assert notify.receive(client, MOBILE, "STOP").status_code == 204
    line = services(app)
    SimpleWorker([line.sms_queue], connection=line.redis).work(burst=True)
    stopped = line.speaker.libraries["en"].prompt("sms_stopped")
    assert [m["body"] for m in notify.messages] == [stopped]
