"""Texting a caller the link to what they just heard: who may get one, and how many."""

from __future__ import annotations

import contextlib
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


# Whether this call may have this text now, decided in Redis in one step: the number has not
# said STOP, the call has not had this text, and neither the number's nor the line's daily
# limit is passed (a refusal for a limit leaves the call free to try again tomorrow).
_DECIDE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'opted_out' end
if not redis.call('SET', KEYS[2], 1, 'NX', 'EX', 86400) then return 'already_sent' end
local mine = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], 172800)
local all = redis.call('INCR', KEYS[4])
redis.call('EXPIRE', KEYS[4], 172800)
if mine > tonumber(ARGV[2]) then redis.call('DEL', KEYS[2]) return 'limit' end
if all > tonumber(ARGV[3]) then redis.call('DEL', KEYS[2]) return 'unavailable' end
return 'sending'
"""


def _decide(redis: Redis, keys: list[str], args: list[str | int]) -> str:
    """One round trip: EVALSHA, or EVAL the first time a Redis sees the script."""
    answer = redis.register_script(_DECIDE)(keys=keys, args=args)
    return answer.decode() if isinstance(answer, bytes) else str(answer)


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
    # One text per article per call: a replayed webhook or a second press sends nothing.
    this_call = f"nmline:sms:call:{call_sid}:{article_id}"
    keys = [OPTED_OUT, this_call, f"nmline:sms:number:{who}:{day}", f"nmline:sms:all:{day}"]
    intervals = list(policy.retry_intervals)
    try:
        # A caller is waiting: the decision is one round trip, the queueing one more.
        decided = _decide(redis, keys, [who, policy.per_number_daily, policy.daily])
        if decided != "sending":
            return f"text_{decided}", {}
        pipe = redis.pipeline()
        queue.enqueue(
            SEND_JOB,
            seal(policy.secret, number),
            article_id,
            lang,
            retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
            result_ttl=86400,
            failure_ttl=7 * 86400,
            description="text a link",  # rq logs this; which topic is health data
            pipeline=pipe,
        )
        pipe.execute()
    except RedisError:
        with contextlib.suppress(RedisError):
            redis.delete(this_call)  # nothing was sent for this call: a second press may try
        return "text_unavailable", {}
    return "text_sending", {"digits": ", ".join(last_digits(number))}
