"""Texting a caller the link to what they just heard: who may get one, and how many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from redis import Redis, RedisError
from rq import Queue, Retry

from app import stats
from app.phones import classify
from app.privacy import last_digits, number_key, seal

SEND_JOB = "workers.sms.send_link"
OPTED_OUT = "nmline:sms:opted-out"
# Network errors and Twilio's 5xx are retried with growing gaps.
SMS_RETRY_INTERVALS = (10, 30, 120, 600)


@dataclass(frozen=True)
class TextPolicy:
    secret: str
    regions: Collection[str] = ("GB",)
    per_number_daily: int = 5
    daily: int = 1000
    retry_intervals: Sequence[int] = SMS_RETRY_INTERVALS


def opted_out(redis: Redis, secret: str, number: str) -> bool:
    return bool(redis.sismember(OPTED_OUT, number_key(secret, number)))


def opt_out(redis: Redis, secret: str, number: str) -> None:
    if redis.sadd(OPTED_OUT, number_key(secret, number)):
        stats.count(redis, "opt_outs")


def opt_in(redis: Redis, secret: str, number: str) -> None:
    if redis.srem(OPTED_OUT, number_key(secret, number)):
        stats.count(redis, "opt_ins")


def request_link_text(
    redis: Redis,
    queue: Queue,
    policy: TextPolicy,
    article_id: str,
    call_sid: str,
    caller: str,
    today: dt.date | None = None,
    lang: str = "en",
) -> tuple[str, dict[str, str]]:
    """Queue a text of the article's link to the caller's own mobile, if allowed.

    Returns the prompt to speak and the values it needs."""
    verdict, number = classify(caller, policy.regions)
    if verdict != "mobile" or number is None:
        return f"text_{verdict}", {}
    day = (today or dt.date.today()).isoformat()
    who = number_key(policy.secret, number)
    try:
        if opted_out(redis, policy.secret, number):
            return "text_opted_out", {}
        # One text per article per call: a replayed webhook or a second press sends nothing.
        this_call = f"nmline:sms:call:{call_sid}:{article_id}"
        if not redis.set(this_call, 1, nx=True, ex=86400):
            return "text_already_sent", {}
        pipe = redis.pipeline()
        pipe.incr(f"nmline:sms:number:{who}:{day}")
        pipe.expire(f"nmline:sms:number:{who}:{day}", 2 * 86400)
        pipe.incr(f"nmline:sms:all:{day}")
        pipe.expire(f"nmline:sms:all:{day}", 2 * 86400)
        for_number, _, overall, _ = pipe.execute()
        if for_number > policy.per_number_daily or overall > policy.daily:
            redis.delete(this_call)  # nothing was sent for this call
            return (
                "text_limit" if for_number > policy.per_number_daily else "text_unavailable"
            ), {}
        intervals = list(policy.retry_intervals)
        queue.enqueue(
            SEND_JOB,
            seal(policy.secret, number),
            article_id,
            lang,
            retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
            result_ttl=86400,
            failure_ttl=7 * 86400,
            description="text a link",  # rq logs this; which topic is health data
        )
    except RedisError:
        return "text_unavailable", {}
    return "text_sending", {"digits": ", ".join(last_digits(number))}
