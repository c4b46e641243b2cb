"""The audio's schedule on rq's clock (app/cron.py): the reconcile every 30 s, so an edit in
CONTENT_DIR reaches callers within a minute with nobody running a command, and everything
is queued again after Redis lost its data (the reconcile never queues a render twice)."""

from __future__ import annotations

from rq import cron

from app.audio.jobs import RECONCILE_EVERY, reconcile_audio
from app.queues import AUDIO, RECONCILE_AUDIO, RESULT_KEPT


def schedule() -> None:
    """Register the audio's jobs with rq's clock."""
    cron.register(
        reconcile_audio, AUDIO, interval=RECONCILE_EVERY, job_timeout=120,
        result_ttl=RESULT_KEPT[RECONCILE_AUDIO],
    )  # fmt: skip
