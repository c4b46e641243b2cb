"""The admin's dashboard: every item's audio and its state, refreshing it, the workers'
health and failed jobs, and the content checks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from redis import RedisError

from app.accounts.access import actor, client_address, requires
from app.accounts.actors import by
from app.admin import inbox
from app.audio.enqueue import enqueue_render, reconcile
from app.audio.items import parse_item_id
from app.audio.overview import audio_rows, content_rows, health, named
from app.audio.status import item_states
from app.audit.actions import Action
from app.audit.record import record
from app.content.item_keys import ItemKey, ItemKind
from app.db.session import db_session
from app.db.transaction import committed
from app.department.store import effective
from app.editor.reminders import destinations
from app.services import services

bp = Blueprint("dashboard", __name__)
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


@bp.get("/")
@requires("view_status")
def index() -> str:
    line = services()
    try:
        rows, status = audio_rows(line), health(line)
    except RedisError:
        abort(503)
    articles, findings = content_rows(line)
    others = [f for f in findings if ItemKey.parse(f.item).kind is not ItemKind.ARTICLE]
    waiting = inbox.gather(db_session(), line.settings.content_dir, dt.date.today())
    return render_template(
        "admin/dashboard.html",
        rows=rows,
        health=status,
        articles=articles,
        findings=findings,
        others=others,
        inbox=waiting,
        reminders=waiting.reminders,
        destinations=destinations(effective(db_session(), line.settings)),
    )


@bp.get("/status.json")
@requires("view_status")
def status_json() -> Response:
    line = services()
    return jsonify(items=audio_rows(line), health=health(line))


def _audited(action: Action, object_type: str, object_id: str | None = None, **detail: Any) -> None:
    """Record an operation someone ran, with their name and address."""
    session = db_session()
    with committed(session):
        record(session, action, **by(actor()), client=client_address(), object_type=object_type,
               object_id=object_id, **detail)  # fmt: skip


def _done(message: str) -> ResponseReturnValue:
    if request.accept_mimetypes.best == "application/json":
        return jsonify(message=message)
    flash(message)
    return redirect(url_for("admin.dashboard.index"))


@bp.post("/audio/refresh")
@requires("run_operations")
def refresh() -> ResponseReturnValue:
    """The same as `flask --app app audio sync`: queue every stale item, never twice."""
    line = services()
    speaker, intervals = line.speaker, line.settings.audio_retry_intervals
    queued, stale = reconcile(speaker.items(), speaker.audio_dir, speaker.engine,
                              line.audio_queue, intervals)  # fmt: skip
    _audited(Action.AUDIO_REFRESHED, "audio", queued=len(queued), stale=len(stale))
    return _done(
        f"{len(queued)} item(s) queued to render; {len(stale) - len(queued)} already queued."
    )


@bp.post("/audio/render")
@requires("run_operations")
def render_again() -> ResponseReturnValue:
    line = services()
    speaker = line.speaker
    item_id = request.form.get("item", "")
    states = item_states(speaker.items(), speaker.audio_dir, speaker.engine, None)
    state = next((s for s in states if s.item.id == item_id), None)
    if state is None:
        abort(404)
    key, lang, slow = parse_item_id(item_id)
    what = f"{named(key, lang)} ({lang}{', slower' if slow else ''})"
    if state.state == "fresh":
        return _done(f"{what} is already up to date.")
    intervals = line.settings.audio_retry_intervals
    queued = enqueue_render(line.audio_queue, item_id, state.digest, intervals)
    _audited(Action.AUDIO_RENDER_AGAIN, "audio_item", item_id, queued=bool(queued))
    return _done(f"{what} is queued to render." if queued else f"{what} is already queued.")


@bp.post("/jobs/<job_id>/retry")
@requires("run_operations")
def retry(job_id: str) -> ResponseReturnValue:
    if not JOB_ID.match(job_id):
        abort(404)
    line = services()
    for queue in line.queues:
        if job_id in queue.failed_job_registry.get_job_ids():
            queue.failed_job_registry.requeue(job_id)
            _audited(Action.JOB_RETRIED, "job", job_id, queue=queue.name)
            return _done("The job is queued again.")
    abort(404)
