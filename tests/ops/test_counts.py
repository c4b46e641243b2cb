"""Counts per day, never who; and a call never waits for them to be written."""

from __future__ import annotations

import time

from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from app.core.counts import Tally, day_counts, totals
from tests.support.live_server import free_port


def unreachable() -> Redis:
    return Redis(port=free_port(), socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))


def test_counts_reach_redis_in_the_background_without_the_caller_waiting(redis):
    tally = Tally(redis, every=0.05)
    for _ in range(3):
        tally.count("calls", "input_keypad")
    deadline = time.monotonic() + 5
    while day_counts(redis).get("calls", 0) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert day_counts(redis) == {"calls": 3, "input_keypad": 3}
    assert totals(redis) == {"calls": 3, "input_keypad": 3}


def test_counts_made_while_redis_is_down_are_kept_and_written_when_it_returns(redis):
    tally = Tally(unreachable(), every=0)  # written at once: here, tried at once and failing
    tally.count("calls")
    tally.count("calls", "plays:your-results")
    tally.redis = redis  # Redis is back
    tally.flush()
    assert day_counts(redis) == {"calls": 2, "plays:your-results": 1}
