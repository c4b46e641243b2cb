"""rq's cron scheduler: `rq cron app.audio.cron` queues the audio reconcile every 30 s.

So an edit in CONTENT_DIR reaches callers within a minute with nobody running a command,
and everything is queued again after Redis lost its data. Several schedulers (one per
machine) are harmless: the reconcile never queues a render twice."""

from __future__ import annotations

import logging

from rq import cron

from app.audio.jobs import RECONCILE_EVERY, reconcile_audio
from app.ops import logs
from app.queues import AUDIO

# JSON lines like every other process; rq's scheduler set up its own handler before this.
logs.configure()
logging.getLogger("rq.cron").handlers.clear()
logging.getLogger("rq.cron").propagate = True

cron.register(reconcile_audio, AUDIO, interval=RECONCILE_EVERY, job_timeout=120, result_ttl=300)
