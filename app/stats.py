"""Counts per day, never who: calls, plays, texts sent and failed, opt-outs."""

from __future__ import annotations

import datetime as dt

from redis import Redis

KEEP_DAYS = 400


def _key(day: dt.date | None) -> str:
    return f"nmline:stats:{(day or dt.date.today()).isoformat()}"


def count(redis: Redis, name: str, amount: int = 1, day: dt.date | None = None) -> None:
    key = _key(day)
    pipe = redis.pipeline(transaction=False)
    pipe.hincrby(key, name, amount)
    pipe.expire(key, KEEP_DAYS * 86400)
    pipe.execute()


def day_counts(redis: Redis, day: dt.date | None = None) -> dict[str, int]:
    raw = redis.hgetall(_key(day))
    return {(k.decode() if isinstance(k, bytes) else k): int(v) for k, v in raw.items()}
