"""Which items need audio, and queueing their renders without ever queueing one twice."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue, Retry
from rq.job import JobStatus

from app.audiofiles import audio_hash, current_file, read_manifest

RENDER_JOB = "workers.audio.render_audio"
_ACTIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
# Network errors and throttling from the TTS service are retried with growing gaps.
RETRY = Retry(max=4, interval=[10, 30, 120, 300])


@dataclass(frozen=True)
class ItemState:
    key: str
    digest: str
    state: str  # fresh, stale, queued, rendering, failed
    reason: str = ""
    file: str | None = None
    duration: float | None = None


def job_id(key: str, digest: str) -> str:
    """One job per item and version of its words: the same render is never queued twice."""
    return f"audio-{digest}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def _job_state(queue: Queue, key: str, digest: str) -> tuple[str, str]:
    job = queue.fetch_job(job_id(key, digest))
    if job is None:
        return "stale", ""
    status = job.get_status(refresh=False)
    if status == JobStatus.STARTED:
        return "rendering", ""
    if status in _ACTIVE:
        return "queued", ""
    if status == JobStatus.FAILED:
        lines = (job.exc_info or "").strip().splitlines()
        return "failed", lines[-1] if lines else "failed"
    return "stale", ""


def item_states(
    items: dict[str, str], audio_dir: Path, engine: str, queue: Queue | None
) -> list[ItemState]:
    """Every spoken item with the state of its audio."""
    manifest: dict[str, Any] = read_manifest(audio_dir)
    states = []
    for key, text in sorted(items.items()):
        digest = audio_hash(text, engine)
        name = current_file(manifest, audio_dir, key, digest)
        if name:
            duration = manifest[key].get("duration")
            states.append(ItemState(key, digest, "fresh", file=name, duration=duration))
            continue
        state, reason = _job_state(queue, key, digest) if queue else ("stale", "")
        states.append(ItemState(key, digest, state, reason))
    return states


def enqueue_render(queue: Queue, key: str, digest: str) -> bool:
    """Queue one render unless it is already queued or running; True if queued now."""
    jid = job_id(key, digest)
    job = queue.fetch_job(jid)
    if job is not None and job.get_status(refresh=False) in _ACTIVE:
        return False
    redis: Redis = queue.connection
    # Two syncs at the same moment (a double-click) race past the check above; one wins here.
    if not redis.set(f"nmline:guard:{jid}", 1, nx=True, ex=10):
        return False
    queue.enqueue(
        RENDER_JOB,
        key,
        digest,
        job_id=jid,
        retry=RETRY,
        job_timeout=300,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        description=f"render audio for {key}",
    )
    return True
