"""Whether a text to the line may be answered: only a mobile in a country the line texts, and
only so many replies a day to one number and from the whole line. A reply costs money and
anyone can text the line from any number, so past a limit the line says nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from redis import Redis

from app import redis_keys
from app.privacy import keyed_hash
from app.settings import Settings
from app.texts.numbers import classify
from app.throttle import take


@dataclass(frozen=True)
class ReplyLimits:
    secret: str
    regions: Collection[str] = ("GB",)
    per_number_daily: int = 10
    daily: int = 500

    @classmethod
    def of(cls, settings: Settings) -> ReplyLimits:
        """The limits the line's settings set (the countries are those texts go to)."""
        return cls(
            secret=settings.secret_key.value,
            regions=settings.text_countries,
            per_number_daily=settings.text_replies_per_number_daily,
            daily=settings.text_replies_daily,
        )


def sender_key(secret: str, number: str, day: dt.date) -> str:
    """The number as its day's reply count knows it: a keyed hash with the day in it, so it
    matches no other key the line keeps (not the STOP list's) and no other day's."""
    return keyed_hash(secret, f"text-replies:{day.isoformat()}", number)[:32]


def may_reply(redis: Redis, limits: ReplyLimits, sender: str, today: dt.date) -> str:
    """reply, or why not: not_mobile (withheld, a landline, or a country the line does not
    text), limit (this number's replies today are used up) or busy (the line's are)."""
    verdict, number = classify(sender, limits.regions)
    if verdict != "mobile" or number is None:
        return "not_mobile"  # decided without Redis: a flood from abroad costs nothing
    # The number's reply is counted first, then (if still within its limit) the line's: a
    # number past its limit does not use up the line's, so one busy sender cannot silence the
    # line for everyone else. Each count lives a day from its first reply, never extended.
    mine = redis_keys.replies_to_number(sender_key(limits.secret, number, today), today)
    if take(redis, mine, limits.per_number_daily, redis_keys.REPLY_COUNT_SECONDS):
        return "limit"
    if take(redis, redis_keys.replies_on(today), limits.daily, redis_keys.TEXT_LIMIT_SECONDS):
        return "busy"
    return "reply"
