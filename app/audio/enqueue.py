"""Queueing renders: each item and version of its words once, however many ask at once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from redis import Redis
from rq import Queue, Retry
from rq.job import Job, JobStatus

from app import redis_keys
from app.audio.items import Item
from app.audio.status import DONE, ItemState, abandoned, item_states, job_id
from app.queues import FAILURE_KEPT, RENDER_AUDIO, RESULT_KEPT
from app.settings import AUDIO_RETRY_INTERVALS as RETRY_INTERVALS


def enqueue_render(
    queue: Queue,
    item_id: str,
    digest: str,
    intervals: Sequence[int] = RETRY_INTERVALS,
    again_if_failed: bool = True,
) -> bool:
    """Queue one render unless it is already queued or running; True if queued now."""
    return queue_once(queue, RENDER_AUDIO, (item_id, digest), job_id(item_id, digest),
                      f"render audio for {item_id}", intervals, again_if_failed)  # fmt: skip


def queue_once(
    queue: Queue,
    function: str,
    args: tuple[str, ...],
    jid: str,
    description: str,
    intervals: Sequence[int] = RETRY_INTERVALS,
    again_if_failed: bool = True,
) -> bool:
    """The one way a render is queued (a published item's, or a draft's): as job `jid`,
    unless that job is already queued or running, and once however many ask at the same
    moment (a double-click); True if queued now."""
    # Not queue.fetch_job: on a miss it removes the id from the queue, which races with
    # another sync pushing that very job.
    job = Job.fetch_many([jid], connection=queue.connection, serializer=queue.serializer)[0]
    generation = "new"
    if job is not None:
        status = job.get_status(refresh=False)
        if status == JobStatus.FAILED and not again_if_failed:
            return False
        if status not in DONE and not abandoned(job):
            return False
        generation = job.created_at.isoformat() if job.created_at else "old"
    redis: Redis = queue.connection
    # Two syncs at the same moment (a double-click) race past the checks above, both
    # looking at the same old run (or none); one of them wins here.
    guard = redis_keys.render_guard(jid, generation)
    if not redis.set(guard, 1, nx=True, ex=redis_keys.RENDER_GUARD_SECONDS):
        return False
    if job is not None:
        job.delete()  # an old finished, failed or abandoned run: start afresh
    queue.enqueue(
        function,
        *args,
        job_id=jid,
        retry=Retry(max=len(intervals), interval=list(intervals)) if intervals else None,
        job_timeout=300,
        result_ttl=RESULT_KEPT[function],
        failure_ttl=FAILURE_KEPT,
        description=description,
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
