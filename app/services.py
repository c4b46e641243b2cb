"""The shared clients each app builds once (factory.py), with their types: `services()`.

One typed object instead of string lookups in `app.extensions`, so mypy checks every use
and tests swap a client in one place."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from twilio.request_validator import RequestValidator

from app.queues import QUEUES, RESULT_KEPT

if TYPE_CHECKING:  # types only: the clients are built above (factory.py), held here
    from app.audio.speaker import Speaker
    from app.core.counts import Tally
    from app.department.live import LiveDepartment
    from app.settings import Settings
    from app.texts.policy import TextPolicy

_KEY = "nmline"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: Settings
    redis: Redis
    audio_queue: Queue
    sms_queue: Queue
    tally: Tally
    validator: RequestValidator
    text_policy: TextPolicy
    speaker: Speaker
    department: LiveDepartment  # the department's hours, closures and numbers, as calls read them

    @property
    def queues(self) -> tuple[Queue, ...]:
        """Every work queue, in app.queues.QUEUES order (the dashboard, health, metrics)."""
        built = {queue.name: queue for queue in (self.audio_queue, self.sms_queue)}
        return tuple(built[name] for name in QUEUES)

    def install(self, app: Flask) -> None:
        app.extensions[_KEY] = self


def services(app: Flask | None = None) -> Services:
    """The current app's services (or `app`'s)."""
    found = (app or current_app).extensions[_KEY]
    assert isinstance(found, Services)
    return found


def queue_for_staff(job: str, *args: object, description: str) -> bool:
    """Queue `job` (news for staff) on the sms queue, after the change it tells of is
    committed; whether it was queued. Redis away is logged, never raised: the request goes
    on; outside an app (a script of its own) nothing is queued."""
    if not has_app_context():
        return False
    try:
        services().sms_queue.enqueue(job, *args, result_ttl=RESULT_KEPT[job], job_timeout=120,
                                     description=description)  # fmt: skip
    except RedisError as exc:
        log.warning("%s not queued: %s", description, type(exc).__name__)
        return False
    return True
