"""For the people and machines that run the line: alive, ready, and its metrics.

/healthz: the process answers (for a load balancer or a restart policy).
/readyz: Redis answers, a worker is listening on each queue, and every item's audio is
current or on its way; 503 with the reasons otherwise (for deploy gates and alerts).
/metrics: Prometheus text, only with `Authorization: Bearer <METRICS_TOKEN>`.
"""

from __future__ import annotations

import hmac
from collections import Counter
from typing import Any

from flask import Blueprint, Response, abort, request
from redis import Redis, RedisError

from app.audio.status import item_states
from app.ops import metrics
from app.queues import QUEUES, live_workers
from app.services import services

bp = Blueprint("health", __name__)
# Audio still on its way is fine; audio nobody is making is not.
_ON_ITS_WAY = {"fresh", "queued", "rendering"}


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    return {"status": "ok"}, 200


def _workers(redis: Redis) -> dict[str, Any]:
    listening = Counter(q for w in live_workers(redis) for q in w.queue_names())
    missing = [q for q in QUEUES if not listening[q]]
    return {
        "ok": not missing,
        "workers": {q: listening[q] for q in QUEUES},
        **({"problem": f"no worker is listening on: {', '.join(missing)}"} if missing else {}),
    }


def _audio() -> dict[str, Any]:
    speaker, queue = services().speaker, services().audio_queue
    states = Counter(
        s.state for s in item_states(speaker.items(), speaker.audio_dir, speaker.engine, queue)
    )
    behind = sum(n for state, n in states.items() if state not in _ON_ITS_WAY)
    return {
        "ok": not behind,
        "items": dict(sorted(states.items())),
        **({"problem": f"{behind} item(s) have no audio and none is being made"} if behind else {}),
    }


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int]:
    redis = services().redis
    checks: dict[str, dict[str, Any]] = {}
    try:
        redis.ping()
        checks["redis"] = {"ok": True}
        checks["workers"] = _workers(redis)
        checks["audio"] = _audio()
    except RedisError as exc:
        checks["redis"] = {"ok": False, "problem": f"Redis did not answer: {type(exc).__name__}"}
    ready = all(c["ok"] for c in checks.values())  # Redis failing leaves only its check
    return {"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503


@bp.get("/metrics")
def metrics_text() -> Response:
    line = services()
    token = line.settings.metrics_token.value
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response(
            "A bearer token is needed.\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="metrics"'},
            mimetype="text/plain",
        )
    body = metrics.exposition(line.redis, line.queues, line.speaker.libraries.values())
    return Response(body, mimetype=None, content_type=metrics.CONTENT_TYPE)
