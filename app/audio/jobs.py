"""The audio jobs rq runs (queue `audio`): render one item; reconcile all of them.

Plain functions taking strings: they never import Flask, reload what they need from the
settings and the disk, and do nothing if the thing is gone."""

from __future__ import annotations

import logging
import os

from rq import Queue, get_current_job

from app.audio.engines import PermanentRenderError
from app.audio.enqueue import reconcile
from app.audio.items import spoken_items
from app.audio.render import AudioConfig, render_item
from app.content.loader import load_libraries
from app.ops import counts
from app.queues import AUDIO
from app.settings import Settings

log = logging.getLogger(__name__)
# How often rq's cron scheduler queues reconcile_audio (app/audio/cron.py).
RECONCILE_EVERY = 30


def render_audio(item_id: str, digest: str) -> str:
    """Render one item if it still exists with these words; record it in the manifest."""
    job = get_current_job()
    redis = job.connection if job else None
    try:
        outcome = render_item(AudioConfig.of(Settings.from_env(os.environ)), item_id, digest, redis)
    except Exception as exc:
        if redis is not None:
            counts.count_quietly(redis, "renders_failed")
        if isinstance(exc, PermanentRenderError) and job is not None:
            job.retries_left = 0  # trying again would fail the same way
        raise
    if redis is not None and outcome == "rendered":
        counts.count_quietly(redis, "renders")
    return outcome


def reconcile_audio() -> int:
    """Queue renders for stale audio; the number queued. Failed renders wait for a person,
    so a broken item does not hammer the TTS service."""
    job = get_current_job()
    if job is None:
        raise RuntimeError("reconcile_audio runs as an rq job (rq cron queues it)")
    settings = Settings.from_env(os.environ)
    items = spoken_items(load_libraries(settings.content_dir).values())
    queue = Queue(AUDIO, connection=job.connection)
    queued, _ = reconcile(items, settings.audio_dir, settings.tts_engine, queue,
                          settings.audio_retry_intervals, again_if_failed=False)  # fmt: skip
    if queued:
        log.info("reconcile queued %d render(s)", len(queued))
    return len(queued)
