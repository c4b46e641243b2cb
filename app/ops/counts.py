"""Counts per day, never who: calls, plays, texts sent and failed, opt-outs."""

from __future__ import annotations

import atexit
import collections
import datetime as dt
import logging
import os
import threading
from collections.abc import Mapping

from redis import Redis, RedisError

from app import redis_keys
from app.redis_keys import TOTALS

log = logging.getLogger(__name__)


def _key(day: dt.date | None) -> str:
    return redis_keys.stats(day or dt.date.today())


def add(redis: Redis, counts: dict[tuple[dt.date, str], int]) -> None:
    """Add each (day, name) count to its day and to its running total, in one round trip."""
    pipe = redis.pipeline(transaction=False)
    for (day, name), n in counts.items():
        pipe.hincrby(_key(day), name, n)
        pipe.hincrby(TOTALS, name, n)
    for day in {day for day, _ in counts}:
        pipe.expire(_key(day), redis_keys.STATS_DAYS * 86400)
    pipe.execute()


def count(redis: Redis, *names: str, day: dt.date | None = None) -> None:
    """Add one to each named count for the day and to its running total, in one round trip."""
    on = day or dt.date.today()
    add(redis, collections.Counter((on, name) for name in names))


class Tally:
    """Counts a call makes, kept in memory and written to Redis by a thread every `every`
    seconds, so a caller never waits on Redis, up or down. Counts Redis could not take are
    kept and written later; only a crash loses them (at most `every` seconds' worth).
    With every=0 each count is written at once (tests), still never raising."""

    def __init__(self, redis: Redis, every: float = 1.0) -> None:
        self.redis, self.every = redis, every
        self._pending: collections.Counter[tuple[dt.date, str]] = collections.Counter()
        self._lock = threading.Lock()
        self._pid: int | None = None  # the process whose thread is writing (gunicorn forks)

    def count(self, *names: str) -> None:
        today = dt.date.today()
        with self._lock:
            self._pending.update((today, name) for name in names)
            if self.every > 0 and self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="stats-tally", daemon=True).start()
                atexit.register(self.flush)
        if self.every <= 0:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            counts, self._pending = self._pending, collections.Counter()
        if not counts:
            return
        try:
            add(self.redis, counts)
        except RedisError:
            with self._lock:
                self._pending.update(counts)  # kept for the next try

    def _run(self) -> None:
        stop = threading.Event()
        while not stop.wait(self.every):
            try:
                self.flush()
            except Exception:  # never let the thread die: counts would pile up unseen
                log.exception("writing counts failed")


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
    span = days(start, end)[: redis_keys.STATS_DAYS]
    pipe = redis.pipeline(transaction=False)
    for day in span:
        pipe.hgetall(_key(day))
    return {day: _decoded(raw) for day, raw in zip(span, pipe.execute(), strict=True)}


def _decoded(raw: Mapping[bytes | str, bytes | str | int]) -> dict[str, int]:
    return {(k.decode() if isinstance(k, bytes) else k): int(v) for k, v in raw.items()}


def day_counts(redis: Redis, day: dt.date | None = None) -> dict[str, int]:
    return _decoded(redis.hgetall(_key(day)))


def totals(redis: Redis) -> dict[str, int]:
    return _decoded(redis.hgetall(TOTALS))
