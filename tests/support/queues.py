"""The line's work queues as tests look at them, by the names app/queues.py gives them."""

from __future__ import annotations

from redis import Redis
from rq import Queue

from app.queues import AUDIO, SMS

__all__ = ["AUDIO", "SMS", "queue", "waiting"]


def queue(redis: Redis, name: str) -> Queue:
    return Queue(name, connection=redis)


def waiting(redis: Redis, name: str) -> int:
    """How many jobs wait on a queue (rq's list of them in Redis)."""
    return queue(redis, name).count
