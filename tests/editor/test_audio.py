"""A draft's renders are queued the one way renders are (app.audio.enqueue.queue_once): once,
however many submit at the same moment."""

from __future__ import annotations

import threading

from redis import Redis
from rq import Queue

from app.audio.items import Item
from app.editor.audio import Change, queue_renders
from app.queues import AUDIO


def test_a_double_click_queues_one_draft_render(redis: Redis):
    queue = Queue(AUDIO, connection=redis)
    change = Change(Item("prompt:sorry", "Sorry, something new."), None, "ab" * 12, ready=False)
    start = threading.Barrier(8, timeout=10)
    queued: list[int] = []

    def submit() -> None:
        start.wait()
        queued.append(queue_renders(queue, [change], ()))

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(queued) == 1
    assert queue.count == 1


def test_a_rendered_change_is_not_queued_again(redis: Redis):
    queue = Queue(AUDIO, connection=redis)
    change = Change(Item("prompt:sorry", "Sorry."), None, "cd" * 12, ready=True)
    assert queue_renders(queue, [change], ()) == 0 and queue.count == 0
