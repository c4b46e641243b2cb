"""Counts per day, never who: calls, plays, texts sent and failed, opt-outs.

`Count` names every count the line keeps: the statistics page, its CSV and the tests are
derived from it. A count by topic is written `plays:<topic>` (`Count.PLAYS.of(topic)`)."""

from __future__ import annotations

import atexit
import collections
import datetime as dt
import logging
import os
import threading
from collections.abc import Mapping
from enum import StrEnum

from redis import Redis, RedisError

from app import redis_keys
from app.redis_keys import TOTALS

log = logging.getLogger(__name__)


class Count(StrEnum):
    """A count's name in Redis, with what the statistics page calls it and whether it is
    kept by topic (written `name:<topic>`)."""

    label: str
    by_topic: bool

    def __new__(cls, name: str, label: str, by_topic: bool = False) -> Count:
        member = str.__new__(cls, name)
        member._value_ = name
        member.label, member.by_topic = label, by_topic
        return member

    CALLS = "calls", "Calls"
    INPUT_KEYPAD = "input_keypad", "Choices by keypad"
    INPUT_SPEECH = "input_speech", "Choices by speech"
    TEXTS_SENT = "texts_sent", "Texts sent"
    TEXTS_FAILED = "texts_failed", "Texts failed"
    TEXTS_DELIVERED = "texts_delivered", "Texts delivered"
    # Delivery receipts (app.texts.receipts), Twilio's or Notify's: never the number.
    TEXTS_UNDELIVERED = "texts_undelivered", "Texts that did not arrive"
    TEXTS_DELIVERY_UNKNOWN = "texts_delivery_unknown", "Texts whose arrival is unknown"
    TEXTS_RECEIVED = "texts_received", "Texts received"
    REPLIES_REFUSED_NOT_MOBILE = "replies_refused_not_mobile", "Texts not answered: not a mobile"
    REPLIES_REFUSED_LIMIT = "replies_refused_limit", "Texts not answered: that number's limit"
    REPLIES_REFUSED_BUSY = "replies_refused_busy", "Texts not answered: the line's daily limit"
    OPT_OUTS = "opt_outs", "Opted out (STOP)"
    OPT_INS = "opt_ins", "Opted back in (START)"
    RENDERS = "renders", "Audio files made"
    RENDERS_FAILED = "renders_failed", "Audio files that failed"
    PLAYS = "plays", "Started", True
    FINISHED = "finished", "Heard to the end", True
    HELPFUL_PHONE = "helpful_phone", "Helpful (phone)", True
    UNHELPFUL_PHONE = "unhelpful_phone", "Not helpful (phone)", True
    HELPFUL_PAGE = "helpful_page", "Helpful (page)", True
    UNHELPFUL_PAGE = "unhelpful_page", "Not helpful (page)", True
    # Questions in callers' own words (app.ask): never the words, only where they led.
    QUESTIONS_URGENT = "questions_urgent", "Questions with words of an emergency"
    ANSWERED = "answered", "Questions answered", True
    NOT_SURE = "not_sure", "Questions not answered (by the closest topic)", True
    NAMED_CHOSEN = "named_chosen", "Answers named when not sure, and chosen (by topic)", True
    # Call-back requests (app.callbacks): never the number.
    CALLBACKS_REQUESTED = "callbacks_requested", "Call-backs asked for"
    CALLBACKS_DONE = "callbacks_done", "Called back"
    CALLBACKS_UNREACHED = "callbacks_unreached", "Call-backs that could not reach the caller"

    def of(self, topic: str) -> str:
        """This count for one topic: `plays:your-results`."""
        assert self.by_topic, f"{self} is not counted by topic"
        return f"{self}:{topic}"

    @classmethod
    def named(cls, name: str) -> Count:
        """The count of this name (ValueError if the line keeps none)."""
        for count in cls:
            if count == name:
                return count
        raise ValueError(f"not a count: {name!r}")

    @classmethod
    def refused(cls, why: str) -> Count:
        """A text not answered, by why (app.texts.replies.may_reply): not_mobile, limit, busy."""
        return cls.named(f"replies_refused_{why}")


DAILY = tuple(c for c in Count if not c.by_topic)
BY_TOPIC = tuple(c for c in Count if c.by_topic)


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
