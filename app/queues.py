"""The work queues and the jobs put on them: the one place their names are written.

The web enqueues by dotted name, so it never imports what a job needs (gTTS, Twilio's REST
client). Jobs already waiting in Redis under an older name still run: workers/ keeps shims.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from enum import StrEnum

from redis import Redis
from rq import Worker, get_current_job
from rq.worker import BaseWorker


class QueueName(StrEnum):
    """The work queues, in the order a worker listens to them."""

    AUDIO = "audio"
    SMS = "sms"


AUDIO, SMS = QueueName.AUDIO, QueueName.SMS
QUEUES = tuple(QueueName)

RENDER_AUDIO = "app.audio.jobs.render_audio"
RECONCILE_AUDIO = "app.audio.jobs.reconcile_audio"
RENDER_DRAFT = "app.audio.jobs.render_draft"
SEND_LINK = "app.texts.jobs.send_link"
SEND_REPLY = "app.texts.jobs.send_reply"  # an answer to a text that came by Notify
SEND_DAILY = "app.editor.reminders.send_daily"  # queued by rq's cron (app/editor/cron.py)
KEEP_QUESTION = "app.ask.kept.store_question"
READ_KEEPING = "app.ask.kept.read_keeping"
READ_DEPARTMENT = "app.department.store.read_department"
ANNOUNCE_NEWS = "app.accounts.staff_news.announce_job"  # staff told once
ANNOUNCE_ACCOUNT = "app.accounts.announce.announce_job"  # a change single sign-on made
STORE_CALLBACK = "app.callbacks.store.store_request"
PRUNE_CALLBACKS = "app.callbacks.store.prune_job"  # queued by rq's cron (app/callbacks/cron.py)

# How long rq keeps a finished job's result: a render's an hour, a text's and the daily
# summary's a day, the periodic reconcile's five minutes; a kept question's not at all (its
# words go with the job). A failed render or text stays a week, for a person to see on the
# dashboard and retry; a failed question a day (app.ask.kept.FAILED_QUESTION_SECONDS).
RESULT_KEPT = {RENDER_AUDIO: 3600, RENDER_DRAFT: 3600, SEND_LINK: 86400, SEND_REPLY: 86400,
               RECONCILE_AUDIO: 300, SEND_DAILY: 86400, KEEP_QUESTION: 0,
               READ_KEEPING: 300, READ_DEPARTMENT: 300,
               ANNOUNCE_NEWS: 86400, ANNOUNCE_ACCOUNT: 86400, STORE_CALLBACK: 0,
               PRUNE_CALLBACKS: 86400}  # fmt: skip
FAILURE_KEPT = 7 * 86400
# The modules of every job the line queues (each is in RESULT_KEPT: every enqueue looks it up).
JOB_MODULES = tuple(sorted({name.rpartition(".")[0] for name in RESULT_KEPT}))

# The worker every process type runs, as the README, Procfile, bin/dev and systemd name it.
WORKER_CLASS = "workers.worker.LineWorker"

# Workers beat while they work and while they wait (LineWorker waits at most 30 s between
# beats), so two minutes of silence means one has gone, whatever rq's registry still says.
SILENT_FOR = dt.timedelta(seconds=120)


def alive(worker: BaseWorker, now: dt.datetime | None = None) -> bool:
    """A worker is alive when it has beaten lately and, on this machine, its process runs:
    the one definition the dashboard, /readyz, /metrics and the render status use."""
    beat = worker.last_heartbeat
    now = now or dt.datetime.now(dt.UTC)
    if beat is None or now - beat.replace(tzinfo=dt.UTC) > SILENT_FOR:
        return False
    if worker.hostname == socket.gethostname() and worker.pid:
        return _pid_alive(worker.pid)
    return True


def live_workers(redis: Redis) -> list[BaseWorker]:
    """The rq workers alive now, by rq's public registry and the heartbeat."""
    now = dt.datetime.now(dt.UTC)
    return [w for w in Worker.all(connection=redis) if alive(w, now)]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def job_redis(redis_url: str) -> Redis:
    """The Redis a job runs on (its worker's connection), or one at `redis_url` outside rq."""
    job = get_current_job()
    return job.connection if job else Redis.from_url(redis_url)
