"""Counts per day, never who: calls, plays, texts sent and failed, opt-outs."""

from __future__ import annotations

import datetime as dt

from redis import Redis, RedisError

KEEP_DAYS = 400
# Running totals since Redis began keeping them: what /metrics exports as counters.
TOTALS = "nmline:totals"


def _key(day: dt.date | None) -> str:
    return f"nmline:stats:{(day or dt.date.today()).isoformat()}"


def count(redis: Redis, *names: str, day: dt.date | None = None) -> None:
    """Add one to each named count for the day and to its running total, in one round trip."""
    key = _key(day)
    pipe = redis.pipeline(transaction=False)
    for name in names:
        pipe.hincrby(key, name, 1)
        pipe.hincrby(TOTALS, name, 1)
    pipe.expire(key, KEEP_DAYS * 86400)
    pipe.execute()


def count_quietly(redis: Redis, *names: str) -> None:
    """As count, but a Redis outage never stops a call: the count is lost, not the caller."""
    try:
        count(redis, *names)
    except RedisError:
        pass


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(n) for n in range((end - start).days + 1)]


def range_counts(redis: Redis, start: dt.date, end: dt.date) -> dict[dt.date, dict[str, int]]:
    """Each day's counts from start to end, inclusive (at most a year)."""
    span = days(start, end)[:KEEP_DAYS]
    pipe = redis.pipeline(transaction=False)
    for day in span:
        pipe.hgetall(_key(day))
    return {day: _decoded(raw) for day, raw in zip(span, pipe.execute(), strict=True)}


def _decoded(raw: dict) -> dict[str, int]:
    return {(k.decode() if isinstance(k, bytes) else k): int(v) for k, v in raw.items()}


def day_counts(redis: Redis, day: dt.date | None = None) -> dict[str, int]:
    return _decoded(redis.hgetall(_key(day)))


def totals(redis: Redis) -> dict[str, int]:
    return _decoded(redis.hgetall(TOTALS))
