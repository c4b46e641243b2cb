"""Call-backs' schedule on rq's clock (app/cron.py): the prune once a day, at 03:15 UTC.
Several clocks are harmless: a second prune finds nothing more to remove."""

from __future__ import annotations

from rq import cron

from app.callbacks.store import prune_job
from app.queues import PRUNE_CALLBACKS, RESULT_KEPT, SMS


def schedule() -> None:
    """Register the call-backs' prune with rq's clock."""
    cron.register(prune_job, SMS, cron="15 3 * * *", job_timeout=300,
                  result_ttl=RESULT_KEPT[PRUNE_CALLBACKS])  # fmt: skip
