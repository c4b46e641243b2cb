from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from redis import Redis

from app.throttle import Attempt, Throttle


@pytest.fixture
def prefix(redis: Redis) -> Iterator[str]:
    prefix = f"test-throttle-{secrets.token_hex(4)}"
    yield prefix
    for key in redis.scan_iter(f"{prefix}*"):
        redis.delete(key)


def test_attempts_are_counted_before_the_check_and_refused_at_the_limit(
    redis: Redis, prefix: str
) -> None:
    throttle = Throttle(redis, prefix, limit=3, window_seconds=60, secret="s3cret")
    for _ in range(3):
        assert throttle.take("jane@hospital.example") == 0
    assert throttle.blocked("jane@hospital.example")
    assert 0 < throttle.take("jane@hospital.example") <= 60  # refused: the seconds to wait
    assert throttle.take("ed@hospital.example") == 0
    assert 0 < throttle.retry_after("jane@hospital.example") <= 60
    throttle.give_back("jane@hospital.example")  # one of them passed its check
    assert throttle.take("jane@hospital.example") == 0
    throttle.clear("jane@hospital.example")
    assert not throttle.blocked("jane@hospital.example")
    assert throttle.retry_after("jane@hospital.example") == 0


def test_forty_attempts_at_once_get_no_more_than_the_limit(redis: Redis, prefix: str) -> None:
    throttle = Throttle(redis, prefix, limit=5, window_seconds=60, secret="s3cret")
    start = threading.Barrier(40)

    def one(_: int) -> bool:
        start.wait()
        return throttle.take("jane@hospital.example") == 0

    with ThreadPoolExecutor(max_workers=40) as pool:
        allowed = sum(pool.map(one, range(40)))
    assert allowed == 5


def test_giving_back_never_goes_below_nothing(redis: Redis, prefix: str) -> None:
    throttle = Throttle(redis, prefix, limit=2, window_seconds=60, secret="s3cret")
    throttle.give_back("192.0.2.1")
    throttle.take("192.0.2.1")
    throttle.give_back("192.0.2.1")
    throttle.give_back("192.0.2.1")
    assert list(redis.scan_iter(f"{prefix}:*")) == []
    assert throttle.take("192.0.2.1") == throttle.take("192.0.2.1") == 0
    assert throttle.take("192.0.2.1") > 0


def test_an_attempt_counts_against_every_throttle_or_none(redis: Redis, prefix: str) -> None:
    by_client = Throttle(redis, prefix + "c", limit=3, window_seconds=60, secret="s")
    by_pair = Throttle(redis, prefix + "p", limit=1, window_seconds=60, secret="s")
    first = Attempt([(by_client, "192.0.2.1"), (by_pair, "jane|192.0.2.1")])
    assert first.take() == 0
    assert first.take() >= 60  # the pair is used up, and the client's count is given back
    assert redis.get(by_client._key("192.0.2.1")) == b"1"
    first.give_back()
    assert first.take() == 0


def test_the_window_starts_at_the_first_attempt_and_is_not_extended(
    redis: Redis, prefix: str
) -> None:
    throttle = Throttle(redis, prefix, limit=5, window_seconds=60, secret="s3cret")
    throttle.take("192.0.2.1")
    (key,) = list(redis.scan_iter(f"{prefix}:*"))
    redis.expire(key, 5)
    throttle.take("192.0.2.1")
    assert redis.ttl(key) <= 5
    redis.persist(key)  # a count somehow left without a lifetime gets one again
    throttle.take("192.0.2.1")
    assert 0 < redis.ttl(key) <= 60


def test_redis_never_holds_the_email_or_address_itself(redis: Redis, prefix: str) -> None:
    throttle = Throttle(redis, prefix, limit=5, window_seconds=60, secret="s3cret")
    throttle.take("jane@hospital.example")
    throttle.take("192.0.2.1")
    keys = [key.decode() for key in redis.scan_iter(f"{prefix}:*")]
    assert len(keys) == 2
    assert not any("jane" in key or "192.0.2.1" in key for key in keys)
    other = Throttle(redis, prefix, limit=5, window_seconds=60, secret="another secret")
    assert not other.blocked("jane@hospital.example")
    other.take("jane@hospital.example")
    assert len(list(redis.scan_iter(f"{prefix}:*"))) == 3


def test_a_throttle_needs_a_limit_and_a_window(redis: Redis) -> None:
    with pytest.raises(ValueError):
        Throttle(redis, "x", limit=0, window_seconds=60, secret="s")
