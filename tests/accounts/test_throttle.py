from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from redis import Redis

from app.accounts.throttle import Throttle


@pytest.fixture
def prefix(redis: Redis) -> Iterator[str]:
    prefix = f"test-throttle-{secrets.token_hex(4)}"
    yield prefix
    for key in redis.scan_iter(f"{prefix}:*"):
        redis.delete(key)


def test_a_key_is_blocked_after_the_limit_and_cleared_by_a_success(
    redis: Redis, prefix: str
) -> None:
    throttle = Throttle(redis, prefix, limit=3, window_seconds=60, secret="s3cret")
    for count in (1, 2):
        assert throttle.fail("jane@hospital.example") == count
        assert not throttle.blocked("jane@hospital.example")
    throttle.fail("jane@hospital.example")
    assert throttle.blocked("jane@hospital.example")
    assert not throttle.blocked("ed@hospital.example")
    assert 0 < throttle.retry_after("jane@hospital.example") <= 60
    throttle.clear("jane@hospital.example")
    assert not throttle.blocked("jane@hospital.example")
    assert throttle.retry_after("jane@hospital.example") == 0


def test_the_window_starts_at_the_first_failure_and_is_not_extended(
    redis: Redis, prefix: str
) -> None:
    throttle = Throttle(redis, prefix, limit=5, window_seconds=60, secret="s3cret")
    throttle.fail("192.0.2.1")
    (key,) = list(redis.scan_iter(f"{prefix}:*"))
    redis.expire(key, 5)
    throttle.fail("192.0.2.1")
    assert redis.ttl(key) <= 5


def test_redis_never_holds_the_email_or_address_itself(redis: Redis, prefix: str) -> None:
    throttle = Throttle(redis, prefix, limit=5, window_seconds=60, secret="s3cret")
    throttle.fail("jane@hospital.example")
    throttle.fail("192.0.2.1")
    keys = [key.decode() for key in redis.scan_iter(f"{prefix}:*")]
    assert len(keys) == 2
    assert not any("jane" in key or "192.0.2.1" in key for key in keys)
    other = Throttle(redis, prefix, limit=5, window_seconds=60, secret="another secret")
    assert not other.blocked("jane@hospital.example")
    other.fail("jane@hospital.example")
    assert len(list(redis.scan_iter(f"{prefix}:*"))) == 3


def test_a_throttle_needs_a_limit_and_a_window(redis: Redis) -> None:
    with pytest.raises(ValueError):
        Throttle(redis, "x", limit=0, window_seconds=60, secret="s")
