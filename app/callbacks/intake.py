"""A call-back request taken on the call's path: offered only to a number the desk can ring,
once per number while one is open, at most CALLBACKS_DAILY a day for the line; confirmed by
the caller, then queued for a worker that keeps it (app.callbacks.store).

A call never waits on the database: the open request and the day's count are in Redis (keyed
hashes only, app.redis_keys), and the queued job carries the number sealed, never in clear.
The worker checks the database as well, so a Redis that lost its data never lets a second
open request in."""

from __future__ import annotations

import datetime as dt
import logging

from redis import Redis, RedisError
from rq import Queue, Retry

from app import redis_keys
from app.callbacks.decide import Answer, callable_number, line_day
from app.callbacks.models import Reason
from app.db.model import utcnow
from app.privacy import kept_number_key, seal_kept
from app.queues import RESULT_KEPT, STORE_CALLBACK
from app.settings import Settings

log = logging.getLogger(__name__)
# A request whose keeping failed stays in Redis (its rq job, the number sealed) this long.
FAILED_REQUEST_SECONDS = 86400
_TRIES_AFTER = [30, 300, 1800]  # seconds: the database may be back by then

# In one step: this number has no open request, and the line has not taken its day's
# requests; then both are marked. A refusal for the cap takes its count back.
_TAKE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 'already' end
local taken = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
if taken > tonumber(ARGV[1]) then redis.call('DECR', KEYS[2]) return 'full' end
redis.call('SET', KEYS[1], 1, 'EX', ARGV[3])
return 'taken'
"""


def offer(redis: Redis, settings: Settings, caller: str, now: dt.datetime | None = None) -> Answer:
    """Whether this caller may be offered a call back now (OFFER), or what to tell them."""
    if settings.callbacks_daily <= 0:
        return Answer.OFF
    number = callable_number(caller)
    if number is None:
        return Answer.WITHHELD
    key = kept_number_key(settings.secret_key.value, number)
    try:
        pipe = redis.pipeline(transaction=False)
        pipe.exists(redis_keys.callback_open(key))
        pipe.get(redis_keys.callbacks_on(line_day(now or utcnow())))
        is_open, taken = pipe.execute()
    except RedisError:
        return Answer.UNAVAILABLE
    if is_open:
        return Answer.ALREADY
    if int(taken or 0) >= settings.callbacks_daily:
        return Answer.FULL
    return Answer.OFFER


def take(
    redis: Redis,
    queue: Queue,
    settings: Settings,
    caller: str,
    lang: str,
    reason: Reason,
    now: dt.datetime | None = None,
) -> Answer:
    """The caller confirmed: mark the number's open request and the day's count, and queue
    the request for the worker (TAKEN); or what to tell them instead."""
    if settings.callbacks_daily <= 0:
        return Answer.OFF
    number = callable_number(caller)
    if number is None:
        return Answer.WITHHELD
    now = now or utcnow()
    secret = settings.secret_key.value
    key = kept_number_key(secret, number)
    keys = [redis_keys.callback_open(key), redis_keys.callbacks_on(line_day(now))]
    try:
        args = [settings.callbacks_daily, redis_keys.CALLBACKS_DAY_SECONDS,
                redis_keys.CALLBACK_OPEN_SECONDS]  # fmt: skip
        said = redis.register_script(_TAKE)(keys=keys, args=args)
        said = said.decode() if isinstance(said, bytes) else str(said)
        if said == "already":
            return Answer.ALREADY
        if said == "full":
            return Answer.FULL
        # rq logs the description, never the arguments: the number goes sealed all the same.
        queue.enqueue(STORE_CALLBACK, seal_kept(secret, number), key, lang, str(reason),
                      now.isoformat(), retry=Retry(max=len(_TRIES_AFTER), interval=_TRIES_AFTER),
                      result_ttl=RESULT_KEPT[STORE_CALLBACK], failure_ttl=FAILED_REQUEST_SECONDS,
                      description="keep a call-back request")  # fmt: skip
    except RedisError:
        _give_back(redis, keys)
        return Answer.UNAVAILABLE
    return Answer.TAKEN


def _give_back(redis: Redis, keys: list[str]) -> None:
    """Undo the marks of a request that could not be queued, if Redis lets us."""
    try:
        if redis.delete(keys[0]):
            redis.decr(keys[1])
    except RedisError:
        log.warning("a call-back request was not queued, and its marks stay until they expire")


def forget_open(redis: Redis, number_key: str) -> None:
    """The desk marked a request: the number may ask again (best effort; the mark expires)."""
    try:
        redis.delete(redis_keys.callback_open(number_key))
    except RedisError:
        log.warning("a call-back's open mark stays until it expires: Redis did not answer")
