"""Texting a caller the link to what they just heard: who may get one, and how many."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from redis import Redis, RedisError
from rq import Queue, Retry

from app import redis_keys
from app.privacy import last_digits, number_key, seal
from app.queues import FAILURE_KEPT, RESULT_KEPT, SEND_LINK
from app.settings import SMS_RETRY_INTERVALS, Settings
from app.texts.numbers import classify


@dataclass(frozen=True)
class TextPolicy:
    secret: str
    regions: Collection[str] = ("GB",)
    per_number_daily: int = 5
    daily: int = 1000
    retry_intervals: Sequence[int] = SMS_RETRY_INTERVALS

    @classmethod
    def of(cls, settings: Settings) -> TextPolicy:
        """The limits the line's settings set."""
        return cls(
            secret=settings.secret_key.value,
            regions=settings.text_countries,
            per_number_daily=settings.texts_per_number_daily,
            daily=settings.texts_daily,
            retry_intervals=settings.sms_retry_intervals,
        )


# Whether this call may have this text now, decided in Redis in one step: the number has not
# said STOP, the call has not had this text, and neither the number's nor the line's daily
# limit is passed (a refusal for a limit leaves the call free to try again tomorrow).
# Not app.throttle's plain counter: the STOP list, one text per call and both limits must be
# decided together (a STOP read apart from the count could let a text through), in the one
# round trip a waiting caller can afford.
_DECIDE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'opted_out' end
if not redis.call('SET', KEYS[2], 1, 'NX', 'EX', ARGV[4]) then return 'already_sent' end
local mine = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[5])
local all = redis.call('INCR', KEYS[4])
redis.call('EXPIRE', KEYS[4], ARGV[5])
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
    day = today or dt.date.today()
    who = number_key(policy.secret, number)
    # One text per article per call: a replayed webhook or a second press sends nothing.
    this_call = redis_keys.texted_in_call(call_sid, article_id)
    keys = [redis_keys.OPTED_OUT, this_call, redis_keys.texts_to_number(who, day),
            redis_keys.texts_on(day)]  # fmt: skip
    intervals = list(policy.retry_intervals)
    try:
        # A caller is waiting: the decision is one round trip, the queueing one more.
        limits = [policy.per_number_daily, policy.daily]
        lifetimes = [redis_keys.TEXTED_CALL_SECONDS, redis_keys.TEXT_LIMIT_SECONDS]
        decided = _decide(redis, keys, [who, *limits, *lifetimes])
        if decided != "sending":
            return f"text_{decided}", {}
        pipe = redis.pipeline()
        queue.enqueue(
            SEND_LINK,
            seal(policy.secret, number),
            article_id,
            lang,
            retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
            result_ttl=RESULT_KEPT[SEND_LINK],
            failure_ttl=FAILURE_KEPT,
            description="text a link",  # rq logs this; which topic is health data
            pipeline=pipe,
        )
        pipe.execute()
    except RedisError:
        with contextlib.suppress(RedisError):
            redis.delete(this_call)  # nothing was sent for this call: a second press may try
        return "text_unavailable", {}
    return "text_sending", {"digits": ", ".join(last_digits(number))}
