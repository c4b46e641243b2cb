"""The rq worker the line runs: a plain rq Worker with the line's settings and logs.

`rq worker --with-scheduler --worker-class workers.worker.LineWorker audio sms`. The audio
reconcile is queued every 30 seconds by rq's cron scheduler (app/audio/cron.py)."""

from __future__ import annotations

import importlib
import logging
import os
from typing import Any

from rq import Worker

from app.core import logs
from app.queues import JOB_MODULES
from app.settings import Settings

# Beat at least this often while idle (rq: worker_ttl - 15 s), so the dashboard and
# /readyz see a worker that has gone within two minutes (app.queues.SILENT_FOR).
WORKER_TTL = 45


class LineWorker(Worker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The same settings as the web, checked before any work: a typo stops the worker
        # starting, with the setting named.
        Settings.from_env(os.environ)
        kwargs["worker_ttl"] = min(kwargs.get("worker_ttl") or WORKER_TTL, WORKER_TTL)
        super().__init__(*args, **kwargs)
        # rq forks a work horse for each job, which imports the job's module if its parent
        # has not: up to half a second for every render or text, paid again each time.
        # Imported once here, before any fork (rq's docs, "Performance notes"); no job module
        # opens a connection on import.
        for module in JOB_MODULES:
            importlib.import_module(module)
        # JSON lines like the web's. rq's command line has already given its loggers
        # handlers of their own; they go, and rq adds none later (it finds the root's).
        logs.configure()
        for name in ("rq.worker", "rq.job", "rq.scheduler"):
            logging.getLogger(name).handlers.clear()
            logging.getLogger(name).propagate = True
