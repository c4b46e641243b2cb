"""rq's clock: `rq cron app.cron` (the Procfile's `clock`) runs each package's schedule.

The audio reconcile every 30 s (app/audio/cron.py), so an edit in CONTENT_DIR reaches
callers within a minute with nobody running a command and everything is queued again after
Redis lost its data; the review summary from 08:00 UTC (app/editor/reminders.py, when it is
set up); the call-back requests' prune at 03:15 UTC (app/callbacks/cron.py). Several clocks
(one per machine) are harmless: the reconcile never queues a render twice, the summary goes
once a day to each destination, and a second prune finds nothing more to remove."""

from __future__ import annotations

import logging

from app import audio, callbacks, editor
from app.core import logs

# JSON lines like every other process; rq's scheduler set up its own handler before this.
logs.configure()
logging.getLogger("rq.cron").handlers.clear()
logging.getLogger("rq.cron").propagate = True

for package in (audio, editor, callbacks):
    package.schedule()
