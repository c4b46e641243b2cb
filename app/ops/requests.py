"""Every request: an id, one access log line, and its place in the metrics.

The access line names the route (`/voice/article/<article_id>`), never the path itself:
which topic a caller chose is health data. A call is named by a keyed hash of its CallSid,
so one call's requests can be followed without anything that leads back to the caller."""

from __future__ import annotations

import functools
import logging
import re
import secrets
import time

from flask import Flask, Request, Response, g, request

from app.core import measures
from app.core.logs import REQUEST_ID
from app.privacy import keyed_hash

log = logging.getLogger("app.access")
_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _start() -> None:
    given = request.environ.get("HTTP_X_REQUEST_ID", "")  # the X-Request-Id header
    request_id = given if _GOOD_ID.fullmatch(given) else secrets.token_hex(16)
    g.access = (request_id, time.perf_counter())
    REQUEST_ID.set(request_id)


def _forget(error: BaseException | None) -> None:
    REQUEST_ID.set(None)  # this thread's next lines belong to no request, or the next one


def _finish(app: Flask, response: Response) -> Response:
    now = time.perf_counter()
    req: Request = request._get_current_object()  # type: ignore[attr-defined]
    request_id, started = g.get("access", ("", now))
    seconds, method, status = now - started, req.method, response.status_code
    route = req.url_rule.rule if req.url_rule else "unmatched"
    measures.observe(req.endpoint or "unmatched", method, status, seconds)
    response.headers["X-Request-Id"] = request_id
    fields = {"method": method, "route": route, "status": status, "ms": round(seconds * 1000, 1)}
    sid = _sid(req)
    if sid:
        fields["call"] = keyed_hash(app.config["SECRET_KEY"], "call", sid)[:16]
    if log.isEnabledFor(logging.INFO):  # as log.info, without looking up the caller's frame
        args = (method, route, status)
        log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, "%s %s %s", args, None,
                                  "_finish", {"fields": fields}))  # fmt: skip
    return response


def _sid(req: Request) -> str | None:
    if req.method != "POST":
        return None
    try:
        return req.form.get("CallSid") or req.form.get("MessageSid")
    except Exception:  # a body too large or malformed to read: the request has its answer
        return None


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(functools.partial(_finish, app))
    app.teardown_request(_forget)
