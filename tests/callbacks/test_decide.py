"""Call-backs decided without a call: whose number the desk can ring, the line's day in
London, overdue, how long a request has waited; and Redis away is said, never raised."""

from __future__ import annotations

import datetime as dt

import pytest
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue

from app.callbacks.decide import Answer, callable_number, line_day, overdue, waited
from app.callbacks.intake import offer, take
from app.callbacks.models import Reason
from app.settings import Settings
from tests.support.numbers import LANDLINE, MOBILE

NOON = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("caller", "number"),
    [(MOBILE, MOBILE), (LANDLINE, LANDLINE), ("", None), ("anonymous", None),
     ("+266696687", None), ("+7378742833", None), ("client:ward-3", None), ("123", None)],
)  # fmt: skip
def test_only_a_valid_number_can_be_rung_back(caller, number):
    assert callable_number(caller) == number


def test_the_line_counts_its_day_in_london():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    assert line_day(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 7, 1)
    assert line_day(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 12, 31)


def test_overdue_only_past_the_retention():
    assert not overdue(NOON - dt.timedelta(days=14), NOON, 14)
    assert overdue(NOON - dt.timedelta(days=14, seconds=1), NOON, 14)


@pytest.mark.parametrize(
    ("ago", "said"),
    [(dt.timedelta(minutes=5), "under an hour"), (dt.timedelta(hours=1), "1 hour"),
     (dt.timedelta(hours=30), "30 hours"), (dt.timedelta(days=3, hours=2), "3 days")],
)  # fmt: skip
def test_how_long_a_request_has_waited(ago, said):
    assert waited(NOON - ago, NOON) == said


def test_redis_away_is_said_to_the_caller_never_raised():
    # Nothing listens on port 1; tried once, as the line's own client tries (app.factory).
    once = Retry(NoBackoff(), 0)
    away = Redis(port=1, socket_connect_timeout=0.2, socket_timeout=0.2, retry=once)
    settings = Settings.from_env({"APP_ENV": "development"})
    assert offer(away, settings, MOBILE) is Answer.UNAVAILABLE
    taken = take(away, Queue("sms", connection=away), settings, MOBILE, "en", Reason.CLOSED)
    assert taken is Answer.UNAVAILABLE
