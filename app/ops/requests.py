"""Every request: an id, one access log line, and its place in the metrics.

The access line names the route (`/voice/article/<article_id>`), never the path itself:
which topic a caller chose is health data. A call is named by a keyed hash of its CallSid,
so one call's requests can be followed without anything that leads back to the caller."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, current_app, g, request

from app.ops import metrics
from app.ops.logs import REQUEST_ID
from app.privacy import keyed_hash

log = logging.getLogger("app.access")
_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _start() -> None:
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _GOOD_ID.fullmatch(given) else uuid.uuid4().hex
    g.started = time.perf_counter()
    REQUEST_ID.set(g.request_id)


def _forget(error: BaseException | None) -> None:
    REQUEST_ID.set(None)  # this thread's next lines belong to no request, or the next one


def _finish(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    route = request.url_rule.rule if request.url_rule else "unmatched"
    endpoint = request.endpoint or "unmatched"
    metrics.observe(endpoint, request.method, response.status_code, seconds)
    response.headers["X-Request-Id"] = g.get("request_id", "")
    fields = {
        "method": request.method,
        "route": route,
        "status": response.status_code,
        "ms": round(seconds * 1000, 1),
    }
    sid = _sid()
    if sid:
        fields["call"] = keyed_hash(current_app.config["SECRET_KEY"], "call", sid)[:16]
    log.info("%s %s %s", request.method, route, response.status_code, extra={"fields": fields})
    return response


def _sid() -> str | None:
    if request.method != "POST":
        return None
    try:
        return request.form.get("CallSid") or request.form.get("MessageSid")
    except Exception:  # a body too large or malformed to read: the request has its answer
        return None


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_forget)
