"""Which items need audio, and queueing their renders without ever queueing one twice.

Content and the manifest are the truth; the queue only holds work in progress, so a
reconcile after Redis lost its data queues everything again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue, Retry, Worker
from rq.job import Job, JobStatus

from app.audiofiles import audio_hash, current_name, read_manifest, usable_files
from app.spoken import Item

RENDER_JOB = "workers.audio.render_audio"
# Anything else (queued, started, scheduled, deferred, or still being created) is in hand.
_DONE = {JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}
# A worker that has not been heard from for this long has died (heartbeats come every 30 s).
SILENT_WORKER = dt.timedelta(seconds=120)
# Network errors and throttling from the TTS service are retried with growing gaps.
RETRY_INTERVALS = (10, 60, 300, 900)


@dataclass(frozen=True)
class ItemState:
    item: Item
    digest: str
    state: str  # fresh, stale, queued, rendering, failed
    reason: str = ""
    file: str | None = None
    duration: float | None = None


def job_id(item_id: str, digest: str) -> str:
    """One job per item and version of its words: the same render is never queued twice."""
    return f"audio-{digest}-{hashlib.sha256(item_id.encode()).hexdigest()[:8]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandoned(job: Job) -> bool:
    """A started job whose worker died (killed, machine lost): nobody will finish it."""
    if job.get_status(refresh=False) != JobStatus.STARTED or not job.worker_name:
        return False
    key = Worker.redis_worker_namespace_prefix + job.worker_name
    worker = Worker.find_by_key(key, connection=job.connection)
    if worker is None:
        return True
    if worker.hostname == socket.gethostname() and worker.pid and not _pid_alive(worker.pid):
        return True
    beat = worker.last_heartbeat
    return (
        beat is not None and dt.datetime.now(dt.UTC) - beat.replace(tzinfo=dt.UTC) > SILENT_WORKER
    )


def _job_state(job: Job | None) -> tuple[str, str]:
    if job is None or abandoned(job):
        return "stale", ""
    status = job.get_status(refresh=False)
    if status == JobStatus.STARTED:
        return "rendering", ""
    if status not in _DONE:
        return "queued", ""
    if status == JobStatus.FAILED:
        return "failed", failure_reason(job)
    return "stale", ""


def failure_reason(job: Job) -> str:
    """The last line of a failed job's error: what an admin needs to see."""
    result = job.latest_result()
    lines = (getattr(result, "exc_string", None) or "").strip().splitlines()
    return lines[-1] if lines else "failed"


def item_states(
    items: dict[str, Item], audio_dir: Path, engine: str, queue: Queue | None
) -> list[ItemState]:
    """Every spoken item with the state of its audio; Redis is asked only about stale ones."""
    manifest: dict[str, Any] = read_manifest(audio_dir)
    there = usable_files(audio_dir)
    states, stale = [], []
    for item_id in sorted(items):
        item = items[item_id]
        digest = audio_hash(item.text, engine, item.lang, item.slow)
        name = current_name(manifest, item_id, digest)
        if name and name in there:
            duration = manifest[item_id].get("duration")
            states.append(ItemState(item, digest, "fresh", file=name, duration=duration))
        else:
            stale.append((item, digest))
    jobs: Sequence[Job | None] = [None] * len(stale)
    if queue is not None and stale:
        ids = [job_id(item.id, digest) for item, digest in stale]
        jobs = Job.fetch_many(ids, connection=queue.connection, serializer=queue.serializer)
    for (item, digest), job in zip(stale, jobs, strict=True):
        state, reason = _job_state(job)
        states.append(ItemState(item, digest, state, reason))
    return sorted(states, key=lambda s: s.item.id)


def enqueue_render(
    queue: Queue,
    item_id: str,
    digest: str,
    intervals: Sequence[int] = RETRY_INTERVALS,
    again_if_failed: bool = True,
) -> bool:
    """Queue one render unless it is already queued or running; True if queued now."""
    jid = job_id(item_id, digest)
    # Not queue.fetch_job: on a miss it removes the id from the queue, which races with
    # another sync pushing that very job.
    job = Job.fetch_many([jid], connection=queue.connection, serializer=queue.serializer)[0]
    generation = "new"
    if job is not None:
        status = job.get_status(refresh=False)
        if status == JobStatus.FAILED and not again_if_failed:
            return False
        if status not in _DONE and not abandoned(job):
            return False
        generation = job.created_at.isoformat() if job.created_at else "old"
    redis: Redis = queue.connection
    # Two syncs at the same moment (a double-click) race past the checks above, both
    # looking at the same old run (or none); one of them wins here.
    if not redis.set(f"nmline:guard:{jid}:{generation}", 1, nx=True, ex=60):
        return False
    if job is not None:
        job.delete()  # an old finished, failed or abandoned run: start afresh
    queue.enqueue(
        RENDER_JOB,
        item_id,
        digest,
        job_id=jid,
        retry=Retry(max=len(intervals), interval=list(intervals)) if intervals else None,
        job_timeout=300,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        description=f"render audio for {item_id}",
    )
    return True


def reconcile(
    items: dict[str, Item],
    audio_dir: Path,
    engine: str,
    queue: Queue,
    intervals: Sequence[int] = RETRY_INTERVALS,
    again_if_failed: bool = True,
) -> tuple[list[ItemState], list[ItemState]]:
    """Queue a render for every item without current audio that is not already queued.
    Returns (queued now, all not fresh). The periodic reconcile leaves failed renders for a
    person to retry, so a broken item does not hammer the TTS service."""
    stale = [s for s in item_states(items, audio_dir, engine, None) if s.state != "fresh"]
    queued = [
        s for s in stale if enqueue_render(queue, s.item.id, s.digest, intervals, again_if_failed)
    ]
    return queued, stale
