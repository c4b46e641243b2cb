"""The rq worker the line runs: a plain rq Worker that also keeps audio in step with content.

Every 30 seconds (and at start) it compares content with the manifest and queues what is
stale, so an edit in content/ reaches callers with nobody running a command.
"""

from __future__ import annotations

import logging
import os

from rq import Queue, Worker

from app import logs
from app.content import load_libraries
from app.rendering import reconcile
from app.settings import Settings
from app.spoken import spoken_items
from workers.audio import AudioConfig

log = logging.getLogger(__name__)
RECONCILE_EVERY = 30


def reconcile_audio(queue: Queue) -> int:
    """Queue renders for stale audio; the number queued. Failed renders wait for a person."""
    config = AudioConfig.from_env()
    items = spoken_items(load_libraries(config.content_dir).values())
    intervals = Settings.from_env(os.environ).audio_retry_intervals
    queued, _ = reconcile(
        items, config.audio_dir, config.engine, queue, intervals, again_if_failed=False
    )
    if queued:
        log.info("reconcile queued %d render(s)", len(queued))
    return len(queued)


class LineWorker(Worker):
    def __init__(self, *args, **kwargs) -> None:
        # The same settings as the web, checked before any work: a typo stops the worker
        # starting, with the setting named.
        Settings.from_env(os.environ)
        super().__init__(*args, **kwargs)
        # JSON lines like the web's. rq's command line has already given its loggers
        # handlers of their own; they go, and rq adds none later (it finds the root's).
        logs.configure()
        for name in ("rq.worker", "rq.job", "rq.scheduler"):
            logging.getLogger(name).handlers.clear()
            logging.getLogger(name).propagate = True
        self.maintenance_interval = min(self.maintenance_interval, RECONCILE_EVERY)

    @property
    def dequeue_timeout(self) -> int:
        # Wake up while idle, so the reconcile runs on time.
        return min(super().dequeue_timeout, RECONCILE_EVERY)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        if "audio" not in self.queue_names():
            return
        try:
            reconcile_audio(Queue("audio", connection=self.connection))
        except Exception:
            # Bad content or a full disk must not stop the worker; the old audio keeps playing.
            log.exception("audio reconcile failed")
