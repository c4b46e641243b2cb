"""The state of every item's audio: fresh, or stale, queued, rendering, failed (and why).

Content and the manifest are the truth; the queue only holds work in progress, so a
reconcile after Redis lost its data queues everything again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rq import Queue
from rq.job import Job, JobStatus

from app.audio.items import Item
from app.audio.manifest import current_name, read_manifest, usable_files
from app.audio.names import item_digest
from app.queues import live_workers

# Anything else (queued, started, scheduled, deferred, or still being created) is in hand.
DONE = {JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}


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


def abandoned(job: Job, living: Collection[str] | None = None) -> bool:
    """A started job whose worker is no longer alive (killed, machine lost): nobody will
    finish it. `living`: the names of the workers alive now, if already looked up."""
    if job.get_status(refresh=False) != JobStatus.STARTED or not job.worker_name:
        return False
    if living is None:
        living = {w.name for w in live_workers(job.connection)}
    return job.worker_name not in living


def _job_state(job: Job | None, living: Collection[str]) -> tuple[str, str]:
    if job is None or abandoned(job, living):
        return "stale", ""
    status = job.get_status(refresh=False)
    if status == JobStatus.STARTED:
        return "rendering", ""
    if status not in DONE:
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
        digest = item_digest(item, engine)
        name = current_name(manifest, item_id, digest)
        if name and name in there:
            duration = manifest[item_id].get("duration")
            states.append(ItemState(item, digest, "fresh", file=name, duration=duration))
        else:
            stale.append((item, digest))
    jobs: Sequence[Job | None] = [None] * len(stale)
    living: Collection[str] = ()
    if queue is not None and stale:
        ids = [job_id(item.id, digest) for item, digest in stale]
        jobs = Job.fetch_many(ids, connection=queue.connection, serializer=queue.serializer)
        if any(j is not None and j.get_status(refresh=False) == JobStatus.STARTED for j in jobs):
            living = {w.name for w in live_workers(queue.connection)}
    for (item, digest), job in zip(stale, jobs, strict=True):
        state, reason = _job_state(job, living)
        states.append(ItemState(item, digest, state, reason))
    return sorted(states, key=lambda s: s.item.id)
