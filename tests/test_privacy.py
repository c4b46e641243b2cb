"""The line's one keyed hash: one purpose per use, and a STOP stored by an older release
still holds (the opt-out list's keys never change their derivation, hazard H15)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from redis import Redis
from rq import Queue

from app import redis_keys
from app.privacy import keyed_hash, number_key
from app.queues import SMS
from app.texts.optouts import opted_out
from app.texts.policy import TextPolicy, request_link_text
from tests.support.numbers import MOBILE, OTHER_MOBILE

SECRET = "an-old-release's-secret"


def stored_before(number: str) -> str:
    """How releases before the one keyed hash stored a STOP: spelled out, not imported."""
    return hmac.new(SECRET.encode(), f"number:{number}".encode(), hashlib.sha256).hexdigest()[:32]


def test_a_stop_stored_by_an_earlier_release_still_stops_texts(redis: Redis):
    redis.sadd(redis_keys.OPTED_OUT, stored_before(MOBILE))
    queue = Queue(SMS, connection=redis)
    policy = TextPolicy(secret=SECRET)
    asked = request_link_text(redis, queue, policy, "your-results", "CA1", MOBILE, dt.date.today())
    assert asked == ("text_opted_out", {})
    assert queue.count == 0
    assert opted_out(redis, SECRET, MOBILE) and not opted_out(redis, SECRET, OTHER_MOBILE)
    assert number_key(SECRET, MOBILE) == stored_before(MOBILE)


def test_one_value_for_two_purposes_gives_two_unrelated_keys():
    address = "192.0.2.1"
    assert keyed_hash(SECRET, "feedback", address) != keyed_hash(SECRET, "number", address)
    assert keyed_hash(SECRET, "number", address) != keyed_hash("another secret", "number", address)
    assert keyed_hash(SECRET, "number", address) == keyed_hash(SECRET, "number", address)
