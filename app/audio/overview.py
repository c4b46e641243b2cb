"""What the dashboard shows, as plain data: every item's audio, the workers and failed
jobs, each topic's checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for
from rq import Worker
from rq.job import Job

from app.audio.manifest import read_manifest
from app.audio.status import failure_reason, item_states
from app.content.checks import Finding, check_libraries, reading_age
from app.content.item_keys import ItemKey
from app.content.links import article_link
from app.content.wording import segments, topic_text
from app.queues import alive
from app.services import Services


def health(line: Services) -> dict[str, Any]:
    """Workers alive (by heartbeat), queue lengths, failed jobs with their reasons."""
    queues = line.queues
    now = dt.datetime.now(dt.UTC)
    workers = []
    for worker in Worker.all(connection=line.redis):
        workers.append({"name": worker.name, "state": worker.get_state(),
                        "alive": alive(worker, now),
                        "queues": ", ".join(worker.queue_names())})  # fmt: skip
    failed = []
    for queue in queues:
        ids = queue.failed_job_registry.get_job_ids()[:50]
        for job in Job.fetch_many(ids, connection=line.redis):
            if job is not None:
                what = job.description or job.func_name
                failed.append(
                    {"id": job.id, "queue": queue.name, "what": what, "why": failure_reason(job)}
                )
    return {
        "workers": workers,
        "alive": sum(w["alive"] for w in workers),
        "queues": {q.name: q.count for q in queues},
        "failed": failed,
    }


def audio_rows(line: Services) -> list[dict[str, Any]]:
    speaker = line.speaker
    manifest_times = {}
    for item_id, entry in read_manifest(speaker.audio_dir).items():
        if isinstance(entry, dict):
            manifest_times[item_id] = entry.get("rendered_at", "")
    rows = []
    for state in item_states(speaker.items(), speaker.audio_dir, speaker.engine, line.audio_queue):
        item = state.item
        rows.append({
            "id": item.id, "key": item.key, "lang": item.lang,
            "speed": "slow" if item.slow else "normal", "state": state.state,
            "reason": state.reason, "duration": state.duration,
            "rendered_at": manifest_times.get(item.id, "") if state.file else "",
            "url": url_for("audio.serve", name=state.file) if state.file else None,
            "text": item.text,
            # What a caller hears now: a person's recording, TTS, or <Say> until it is made.
            "source": ("recording" if item.recording else "tts") if state.file else "say",
        })  # fmt: skip
    return rows


def content_rows(line: Services) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Each article's reading age, text length and review date, and every check's finding."""
    libraries = line.speaker.libraries
    base = line.settings.public_base_url
    findings = check_libraries(libraries.values(), base, dt.date.today())
    rows = []
    for library in libraries.values():
        for article in sorted(library.articles.values(), key=lambda a: (a.menu, a.key)):
            sms = topic_text(article, article_link(base, article.id, library.lang))
            rows.append({
                "lang": library.lang, "title": article.title, "id": article.id,
                "reading_age": reading_age(article.body) if library.lang == "en" else None,
                "segments": segments(sms),
                "needs_review": article.needs_review, "review_due": article.review_due,
                "findings": [f for f in findings if f.lang == library.lang
                             and f.item == str(ItemKey.article(article.id))],
            })  # fmt: skip
    return rows, findings
