"""The admin area: every item's audio, refresh it, the workers' health, failed jobs."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from redis import RedisError
from rq import Queue, Worker
from rq.job import Job

from app.audiofiles import read_manifest
from app.auth import login_required, protect
from app.checks import Finding, check_libraries, reading_age
from app.rendering import enqueue_render, failure_reason, item_states, reconcile
from app.texts import article_link, segments, topic_text

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.after_request(protect)
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
ALIVE = dt.timedelta(seconds=120)


def _queues() -> dict[str, Queue]:
    return current_app.extensions["queues"]


def health() -> dict[str, Any]:
    """Workers alive (by heartbeat), queue lengths, failed jobs with their reasons."""
    redis = current_app.extensions["redis"]
    now = dt.datetime.now(dt.UTC)
    workers = []
    for worker in Worker.all(connection=redis):
        beat = worker.last_heartbeat
        alive = beat is not None and now - beat.replace(tzinfo=dt.UTC) < ALIVE
        workers.append({"name": worker.name, "state": worker.get_state(), "alive": alive,
                        "queues": ", ".join(worker.queue_names())})  # fmt: skip
    failed = []
    for queue in _queues().values():
        ids = queue.failed_job_registry.get_job_ids()[:50]
        for job in Job.fetch_many(ids, connection=redis):
            if job is not None:
                what = job.description or job.func_name
                failed.append(
                    {"id": job.id, "queue": queue.name, "what": what, "why": failure_reason(job)}
                )
    return {
        "workers": workers,
        "alive": sum(w["alive"] for w in workers),
        "queues": {name: q.count for name, q in _queues().items()},
        "failed": failed,
    }


def audio_rows() -> list[dict[str, Any]]:
    speaker = current_app.extensions["speaker"]
    manifest_times = {}
    for item_id, entry in read_manifest(speaker.audio_dir).items():
        if isinstance(entry, dict):
            manifest_times[item_id] = entry.get("rendered_at", "")
    rows = []
    for state in item_states(
        speaker.items(), speaker.audio_dir, speaker.engine, _queues()["audio"]
    ):
        item = state.item
        rows.append({
            "id": item.id, "key": item.key, "lang": item.lang,
            "speed": "slow" if item.slow else "normal", "state": state.state,
            "reason": state.reason, "duration": state.duration,
            "rendered_at": manifest_times.get(item.id, "") if state.file else "",
            "url": url_for("audio.serve", name=state.file) if state.file else None,
            "text": item.text,
        })  # fmt: skip
    return rows


def content_rows() -> tuple[list[dict[str, Any]], list[Finding]]:
    """Each article's reading age, text length and review date, and every check's finding."""
    speaker = current_app.extensions["speaker"]
    base = current_app.extensions["settings"].public_base_url
    findings = check_libraries(speaker.libraries.values(), base, dt.date.today())
    rows = []
    for library in speaker.libraries.values():
        for article in sorted(library.articles.values(), key=lambda a: (a.menu, a.key)):
            sms = topic_text(article, article_link(base, article.id, library.lang))
            rows.append({
                "lang": library.lang, "title": article.title, "id": article.id,
                "reading_age": reading_age(article.body) if library.lang == "en" else None,
                "segments": segments(sms),
                "needs_review": article.needs_review, "review_due": article.review_due,
                "findings": [f for f in findings
                             if f.lang == library.lang and f.item == f"article:{article.id}"],
            })  # fmt: skip
    return rows, findings


@bp.get("/")
@login_required
def dashboard() -> str:
    try:
        rows, status = audio_rows(), health()
    except RedisError:
        abort(503)
    articles, findings = content_rows()
    others = [f for f in findings if not f.item.startswith("article:")]
    return render_template(
        "admin/dashboard.html",
        rows=rows,
        health=status,
        articles=articles,
        findings=findings,
        others=others,
    )


@bp.get("/status.json")
@login_required
def status_json() -> Response:
    return jsonify(items=audio_rows(), health=health())


def _done(message: str) -> ResponseReturnValue:
    if request.accept_mimetypes.best == "application/json":
        return jsonify(message=message)
    flash(message)
    return redirect(url_for("admin.dashboard"))


@bp.post("/audio/refresh")
@login_required
def refresh() -> ResponseReturnValue:
    """The same as `flask --app app audio sync`: queue every stale item, never twice."""
    speaker = current_app.extensions["speaker"]
    intervals = current_app.extensions["settings"].audio_retry_intervals
    queued, stale = reconcile(speaker.items(), speaker.audio_dir, speaker.engine,
                              _queues()["audio"], intervals)  # fmt: skip
    return _done(
        f"{len(queued)} item(s) queued to render; {len(stale) - len(queued)} already queued."
    )


@bp.post("/audio/render")
@login_required
def render_again() -> ResponseReturnValue:
    speaker = current_app.extensions["speaker"]
    item_id = request.form.get("item", "")
    states = item_states(speaker.items(), speaker.audio_dir, speaker.engine, None)
    state = next((s for s in states if s.item.id == item_id), None)
    if state is None:
        abort(404)
    if state.state == "fresh":
        return _done(f"{item_id} is already up to date.")
    intervals = current_app.extensions["settings"].audio_retry_intervals
    queued = enqueue_render(_queues()["audio"], item_id, state.digest, intervals)
    return _done(f"{item_id} queued to render." if queued else f"{item_id} is already queued.")


@bp.post("/jobs/<job_id>/retry")
@login_required
def retry(job_id: str) -> ResponseReturnValue:
    if not JOB_ID.match(job_id):
        abort(404)
    for queue in _queues().values():
        if job_id in queue.failed_job_registry.get_job_ids():
            queue.failed_job_registry.requeue(job_id)
            return _done("The job is queued again.")
    abort(404)
