"""Delivery receipts on both services: Twilio's signed status callbacks and Notify's
delivery-status callbacks (its bearer token) say whether each text arrived. The line counts
delivered, did not arrive and unknown per day (never the number), shows them with the text
statistics, and /metrics says when failures rise."""

from __future__ import annotations

import uuid

import pytest

from app import create_app
from app.core.counts import day_counts
from app.sms_values import Provider
from app.texts.receipts import FAILING_LEAST
from tests.support.admin import add_person, signed_in
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.metrics import TOKEN, sample, scrape
from tests.support.numbers import MOBILE
from tests.support.simulator import signed_post
from tests.support.sms_api import SmsApi

# Notify's callbacks reach a line that texts through Notify (Twilio's receipts reach any).
NOTIFY = pytest.mark.parametrize("provider", [Provider.NOTIFY])


def twilio_receipt(client, status: str, sid: str = "SM" + "1" * 32):
    params = {"MessageSid": sid, "MessageStatus": status, "To": MOBILE}
    return signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms/status", params)


def no_number_kept(redis) -> bool:
    everything = b" ".join(redis.keys("*")) + b" ".join(
        v for key in redis.keys("*") if redis.type(key) == b"hash" for v in redis.hvals(key)
    )
    return MOBILE[-10:].encode() not in everything


@pytest.mark.parametrize("status,counter", [("delivered", "texts_delivered"),
                                            ("undelivered", "texts_undelivered"),
                                            ("failed", "texts_undelivered")])  # fmt: skip
def test_twilios_final_receipts_are_counted_without_any_number(client, redis, status, counter):
    assert twilio_receipt(client, status).status_code == 204
    assert day_counts(redis) == {counter: 1}
    assert no_number_kept(redis)


@pytest.mark.parametrize("status", ["queued", "sending", "sent", "nonsense", ""])
def test_twilios_receipts_on_the_way_count_nothing(client, redis, status):
    assert twilio_receipt(client, status).status_code == 204
    assert day_counts(redis) == {}


def test_an_unsigned_twilio_receipt_is_refused(client, redis):
    params = {"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"}
    assert client.post("/sms/status", data=params).status_code == 403
    assert day_counts(redis) == {}


@NOTIFY
@pytest.mark.parametrize("status,counter", [("delivered", "texts_delivered"),
                                            ("permanent-failure", "texts_undelivered"),
                                            ("temporary-failure", "texts_undelivered"),
                                            ("technical-failure", "texts_undelivered"),
                                            ("sent", "texts_delivery_unknown")])  # fmt: skip
def test_notifys_receipts_are_counted_without_any_number(
    client, redis, sms_api: SmsApi, status, counter
):
    answer = sms_api.notify.deliver(client, str(uuid.uuid4()), status)
    assert answer.status_code == 204
    assert day_counts(redis) == {counter: 1}
    assert no_number_kept(redis)


@NOTIFY
def test_a_receipt_sent_again_is_counted_once(client, redis, sms_api: SmsApi):
    twilio_receipt(client, "delivered")
    twilio_receipt(client, "delivered")
    same = str(uuid.uuid4())
    sms_api.notify.deliver(client, same, "permanent-failure")
    sms_api.notify.deliver(client, same, "permanent-failure")
    assert day_counts(redis) == {"texts_delivered": 1, "texts_undelivered": 1}


@NOTIFY
@pytest.mark.parametrize(
    "authorization,status",
    [(None, 401), ("Basic abc", 401), ("Bearer wrong-token-0123456789", 403), ("Bearer ", 401)],
)
def test_notifys_callbacks_need_its_bearer_token(client, redis, sms_api, authorization, status):
    headers = {"Authorization": authorization} if authorization else {}
    payload = {"id": str(uuid.uuid4()), "status": "delivered"}
    assert client.post("/sms/notify/status", json=payload, headers=headers).status_code == status
    received = {"id": str(uuid.uuid4()), "source_number": MOBILE[1:], "message": "MENU"}
    assert client.post("/sms/notify/received", json=received, headers=headers).status_code == status
    assert day_counts(redis) == {}


@pytest.mark.parametrize("provider", [Provider.TWILIO])
def test_with_twilio_chosen_and_no_token_notifys_routes_refuse_everything(client, redis, sms_api):
    answer = sms_api.notify.deliver(client, str(uuid.uuid4()), "delivered")
    assert answer.status_code == 403 and day_counts(redis) == {}


@NOTIFY
@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"id": 5, "status": "delivered"}', b"{}"])
def test_a_malformed_notify_callback_is_a_polite_400(client, redis, sms_api, body):
    headers = {"Authorization": f"Bearer {sms_api.notify.callback_token}",
               "Content-Type": "application/json"}  # fmt: skip
    for path in ("/sms/notify/status", "/sms/notify/received"):
        assert client.post(path, data=body, headers=headers).status_code == 400


@NOTIFY
def test_receipts_of_both_services_show_with_the_text_statistics(
    config, redis, sms_api: SmsApi, database_url
):
    app = create_app({**config, "DATABASE_URL": database_url})
    client = app.test_client()
    twilio_receipt(client, "delivered")
    twilio_receipt(client, "undelivered", sid="SM" + "2" * 32)
    sms_api.notify.deliver(client, str(uuid.uuid4()), "delivered")
    sms_api.notify.deliver(client, str(uuid.uuid4()), "sent")
    admin = signed_in(app.test_client(), add_person(app, "admin"))
    html = admin.get("/admin/stats").get_data(as_text=True)
    assert 'data-count="texts_delivered">2<' in html
    assert 'data-count="texts_undelivered">1<' in html
    assert 'data-count="texts_delivery_unknown">1<' in html
    assert "Texts that did not arrive" in html
    assert MOBILE[-10:] not in admin.get("/admin/stats/export.csv").get_data(as_text=True)


@NOTIFY
def test_metrics_show_todays_receipts_and_say_when_failures_rise(config, redis, sms_api):
    app = create_app({**config, "METRICS_TOKEN": TOKEN})
    client = app.test_client()
    for _ in range(FAILING_LEAST):
        sms_api.notify.deliver(client, str(uuid.uuid4()), "delivered")
    for n in range(FAILING_LEAST - 1):
        twilio_receipt(client, "failed", sid=f"SM{n:032x}")
    text = scrape(app)
    assert sample(text, "nmline_texts_today", outcome="texts_delivered") == FAILING_LEAST
    assert sample(text, "nmline_texts_today", outcome="texts_undelivered") == FAILING_LEAST - 1
    assert sample(text, "nmline_texts_failing") == 0  # fewer than FAILING_LEAST failed
    twilio_receipt(client, "failed", sid="SM" + "f" * 32)
    assert sample(scrape(app), "nmline_texts_failing") == 1
    for _ in range(FAILING_LEAST * 4):
        sms_api.notify.deliver(client, str(uuid.uuid4()), "delivered")
    assert sample(scrape(app), "nmline_texts_failing") == 0  # a small share of many
