"""The editor's schedule on rq's clock (app/cron.py): the review summary
(app/editor/reminders.py) every quarter of an hour from 08:00 until 18:00 UTC, so a failed
send is tried again; it goes once a day, and not at all when it is not set up."""

from __future__ import annotations

from rq import cron

from app.editor.reminders import send_daily
from app.queues import AUDIO, RESULT_KEPT, SEND_DAILY


def schedule() -> None:
    """Register the editor's jobs with rq's clock."""
    cron.register(
        send_daily, AUDIO, cron="*/15 8-17 * * *", job_timeout=300,
        result_ttl=RESULT_KEPT[SEND_DAILY],
    )  # fmt: skip
