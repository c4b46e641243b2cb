"""The audio jobs rq runs (queue `audio`): render one item; reconcile all of them.

Plain functions taking strings: they never import Flask, reload what they need from the
settings and the disk, and do nothing if the thing is gone."""

from __future__ import annotations

import logging
import os
import time

from rq import Queue, get_current_job

from app.audio.engines import PermanentRenderError
from app.audio.enqueue import reconcile
from app.audio.items import Item, parse_item_id, spoken_items
from app.audio.manifest import keep_for_draft
from app.audio.names import audio_hash, file_name
from app.audio.render import AudioConfig, make_file, render_item
from app.content.loader import load_libraries
from app.core import counts
from app.core.counts import Count
from app.queues import AUDIO
from app.settings import Settings

log = logging.getLogger(__name__)
# A draft's audio waits this long for its review before prune may take it.
DRAFT_DAYS = 30
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
            counts.count_quietly(redis, Count.RENDERS_FAILED)
        if isinstance(exc, PermanentRenderError) and job is not None:
            job.retries_left = 0  # trying again would fail the same way
        raise
    if redis is not None and outcome == "rendered":
        counts.count_quietly(redis, Count.RENDERS)
    return outcome


def render_draft(item_id: str, text: str, digest: str) -> str:
    """Render a draft's words, so they play the moment a reviewer publishes them: the file
    is kept from prune for DRAFT_DAYS; no item is changed (callers never hear a draft)."""
    key, lang, slow = parse_item_id(item_id)
    item = Item(key, text, lang, slow)
    settings = Settings.from_env(os.environ)
    if audio_hash(item.text, settings.tts_engine, item.lang, item.slow) != digest:
        return "superseded"  # the settings changed engine since it was queued
    job = get_current_job()
    config = AudioConfig.of(settings)
    _, outcome = make_file(config, item, digest, job.connection if job else None)
    keep_for_draft(settings.audio_dir, file_name(digest), time.time() + DRAFT_DAYS * 86400)
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
