"""What the dashboard shows, as plain data: every item's audio, the workers and failed
jobs, each topic's checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for
from rq import Worker
from rq.exceptions import DeserializationError
from rq.job import Job

from app.audio.items import parse_item_id
from app.audio.manifest import read_manifest
from app.audio.status import failure_reason, item_states
from app.content.checks import Finding, check_libraries, reading_age
from app.content.item_keys import ItemKey
from app.content.item_names import item_name
from app.content.links import article_link
from app.content.wording import segments, topic_text
from app.queues import RENDER_AUDIO, RENDER_DRAFT, alive
from app.services import Services, services


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
                failed.append(
                    {
                        "id": job.id,
                        "queue": queue.name,
                        "what": _job_words(job, line),
                        "why": failure_reason(job),
                    }
                )
    return {
        "workers": workers,
        "alive": sum(w["alive"] for w in workers),
        "queues": {q.name: q.count for q in queues},
        "failed": failed,
    }


def _job_words(job: Job, line: Services) -> str:
    """What a job was doing, in staff's words: an audio render names its item."""
    what = str(job.description or job.func_name)
    try:
        if job.func_name not in (RENDER_AUDIO, RENDER_DRAFT) or not job.args:
            return what
        key, lang, slow = parse_item_id(str(job.args[0]))
    except (ValueError, DeserializationError):  # a job from an older version: as it says
        return what
    name = item_name(key, line.speaker.libraries.get(lang))
    draft = "a draft's " if job.func_name == RENDER_DRAFT else ""
    return f"Making {draft}audio: {name} ({lang}{', slower' if slow else ''})"


def audio_rows(line: Services) -> list[dict[str, Any]]:
    speaker = line.speaker
    manifest_times = {}
    for item_id, entry in read_manifest(speaker.audio_dir).items():
        if isinstance(entry, dict):
            manifest_times[item_id] = entry.get("rendered_at", "")
    libraries = speaker.libraries
    rows = []
    for state in item_states(speaker.items(), speaker.audio_dir, speaker.engine, line.audio_queue):
        item = state.item
        rows.append({
            "id": item.id, "key": item.key, "lang": item.lang,
            "name": item_name(item.key, libraries.get(item.lang)),
            "speed": "slow" if item.slow else "normal", "state": state.state,
            "reason": state.reason, "duration": state.duration,
            "rendered_at": manifest_times.get(item.id, "") if state.file else "",
            "url": url_for("audio.serve", name=state.file) if state.file else None,
            "text": item.text,
            # What a caller hears now: a person's recording, the synthetic voice's file, or
            # the phone service's own synthetic voice (Twilio's <Say>) until it is made.
            "source": ("recording" if item.recording else "tts") if state.file else "say",
        })  # fmt: skip
    return rows


def named(key: str, lang: str) -> str:
    """Item `key` in `lang` as staff call it ("Getting your results, part 1")."""
    return item_name(key, services().speaker.libraries.get(lang))


def named_object(object_type: str | None, object_id: str | None) -> str:
    """What an audit entry was about, in staff's words: an item's audio or recording by the
    item's name, anything else as the trail keeps it."""
    kind, ident = object_type or "", object_id or ""
    try:
        if kind == "audio_item":
            key, lang, slow = parse_item_id(ident)
            return f"the audio of {named(key, lang)} ({lang}{', slower' if slow else ''})"
        if kind == "recording":
            lang, _, key = ident.partition("/")
            return f"a recording of {named(key, lang)} ({lang})"
    except ValueError:
        pass
    return f"{kind} {ident}".strip()


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
