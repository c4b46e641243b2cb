"""Numbers that said STOP: never texted again until they say START. Keyed hashes only."""

from __future__ import annotations

from redis import Redis

from app import redis_keys
from app.core import counts
from app.core.counts import Count
from app.privacy import number_key


def opted_out(redis: Redis, secret: str, number: str) -> bool:
    return bool(redis.sismember(redis_keys.OPTED_OUT, number_key(secret, number)))


def opt_out(redis: Redis, secret: str, number: str) -> None:
    if redis.sadd(redis_keys.OPTED_OUT, number_key(secret, number)):
        counts.count(redis, Count.OPT_OUTS)


def opt_in(redis: Redis, secret: str, number: str) -> None:
    if redis.srem(redis_keys.OPTED_OUT, number_key(secret, number)):
        counts.count(redis, Count.OPT_INS)
