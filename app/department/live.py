"""The department's values as a call reads them: Redis's copy, looked at no more often than
the content is (RELOAD_SECONDS), and the last good values kept when Redis is away or its copy
is unreadable. A call never waits on the database: when Redis has lost its copy, a job is
queued to copy it back (once a minute at most) and the last good values serve meanwhile."""

from __future__ import annotations

import logging
import threading
import time

from redis import Redis, RedisError
from rq import Queue

from app import redis_keys
from app.department.values import Department, from_json
from app.queues import READ_DEPARTMENT, RESULT_KEPT

log = logging.getLogger(__name__)
ASKED_SECONDS = 60


class LiveDepartment:
    """One per process (app.services): `values()` is what callers hear now."""

    def __init__(self, first: Department, redis: Redis, queue: Queue, seconds: float) -> None:
        self._last = first
        self._redis, self._queue, self._seconds = redis, queue, seconds
        self._read_at = float("-inf")
        self._lock = threading.Lock()

    def values(self) -> Department:
        with self._lock:
            now = time.monotonic()
            if now - self._read_at >= self._seconds:
                self._read_at = now
                self._last = self._read() or self._last
            return self._last

    def changed(self, department: Department) -> None:
        """This process saved `department`: in effect here at once."""
        with self._lock:
            self._last, self._read_at = department, time.monotonic()

    def _read(self) -> Department | None:
        try:
            raw = self._redis.get(redis_keys.DEPARTMENT)
            if raw is None:
                self._ask_back()
                return None
        except RedisError:
            return None  # the last good values, until Redis answers again
        try:
            return from_json(raw.decode() if isinstance(raw, bytes) else str(raw))
        except (ValueError, UnicodeDecodeError):
            log.error("the department's settings in Redis cannot be read; the last good kept")
            return None

    def _ask_back(self) -> None:
        if self._redis.set(redis_keys.DEPARTMENT_ASKED, 1, nx=True, ex=ASKED_SECONDS):
            self._queue.enqueue(READ_DEPARTMENT, result_ttl=RESULT_KEPT[READ_DEPARTMENT],
                                description="copy the department's settings to Redis")  # fmt: skip
