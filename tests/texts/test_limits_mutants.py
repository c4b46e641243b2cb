"""The text limits after Redis fails while a text is being queued: the decision was taken
(this call marked as texted), the queueing failed, so the caller hears the apology and a
second press may try again, and the text then goes once. Written for the mutation run
(bench/mutation.py): the other tests see Redis fail at the decision, or not at all."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import Queue

from app.queues import SMS
from app.services import services
from tests.support.phone import skip_to_options


def test_redis_failing_only_while_queueing_lets_a_second_press_send_the_text_once(
    app: Flask, redis: Redis, call: Any, monkeypatch: pytest.MonkeyPatch
):
    line_queue = services(app).sms_queue
    queue_it = line_queue.enqueue
    failed: list[str] = []

    def fails_the_first_time(*args: Any, **kwargs: Any) -> Any:
        if not failed:
            failed.append("queueing")
            raise RedisConnectionError("Redis went away while the text was queued")
        return queue_it(*args, **kwargs)

    monkeypatch.setattr(line_queue, "enqueue", fails_the_first_time)
    queued = Queue(SMS, connection=redis)
    phone = call()
    phone.start()
    skip_to_options(phone, phone.press("4"))
    assert phone.press("1").heard[0] == "prompt:text_unavailable"
    assert failed and queued.count == 0
    assert "ending in" in phone.press("1").said[0]  # the second press: the text goes
    assert phone.press("1").heard[0] == "prompt:text_already_sent"
    assert queued.count == 1
