"""rq's cron scheduler: `rq cron app.audio.cron` queues the audio reconcile every 30 s, and
the review summary from 08:00 UTC (app.editor.reminders, when it is set up: every quarter of
an hour until 18:00, so a failed send is tried again; it goes once a day).

So an edit in CONTENT_DIR reaches callers within a minute with nobody running a command,
and everything is queued again after Redis lost its data. Several schedulers (one per
machine) are harmless: the reconcile never queues a render twice."""

from __future__ import annotations

import logging

from rq import cron

from app.audio.jobs import RECONCILE_EVERY, reconcile_audio
from app.editor.reminders import send_daily
from app.ops import logs
from app.queues import AUDIO

# JSON lines like every other process; rq's scheduler set up its own handler before this.
logs.configure()
logging.getLogger("rq.cron").handlers.clear()
logging.getLogger("rq.cron").propagate = True

cron.register(reconcile_audio, AUDIO, interval=RECONCILE_EVERY, job_timeout=120, result_ttl=300)
cron.register(send_daily, AUDIO, cron="*/15 8-17 * * *", job_timeout=300, result_ttl=86400)
