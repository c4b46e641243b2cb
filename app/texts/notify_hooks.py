"""GOV.UK Notify's callbacks: texts to the line (`POST /sms/notify/received`) and delivery
receipts (`POST /sms/notify/status`), each with the bearer token NOTIFY_CALLBACK_TOKEN.

A received text is decided as Twilio's are (app.texts.inbound); its replies go back through
Notify's API by a queued job (retried like a link's), each text's reply once however often
Notify calls. The number is never logged and travels to the job sealed."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request
from redis import RedisError
from rq import Retry

from app import redis_keys
from app.privacy import seal
from app.queues import FAILURE_KEPT, RESULT_KEPT, SEND_REPLY
from app.services import services
from app.sms_values import Provider
from app.texts.inbound import replies
from app.texts.receipts import record

bp = Blueprint("notify", __name__, url_prefix="/sms/notify")


@bp.before_request
def bearer_token() -> None:
    """Notify sends `Authorization: Bearer <NOTIFY_CALLBACK_TOKEN>`: anything else is
    refused, and with no token set (Twilio sends the texts) every call is."""
    expected = services().settings.notify_callback_token.value
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        abort(401)
    if not expected or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        abort(403)


def _payload(*fields: str) -> dict[str, str]:
    """The callback's JSON object, with these fields as strings (400 otherwise)."""
    data: Any = request.get_json(silent=True)
    if not isinstance(data, dict) or not all(isinstance(data.get(f), str) for f in fields):
        abort(400, f"expected a JSON object with {', '.join(fields)}")
    return {f: data[f] for f in fields}


def _e164(number: str) -> str:
    """Notify writes a number without its plus (447700900123)."""
    number = number.strip()
    return number if number.startswith("+") or not number.isdigit() else f"+{number}"


@bp.post("/received")
def received() -> Response:
    """A text to the line: its replies queued, to go through Notify's API."""
    given = _payload("id", "source_number", "message")
    line = services()
    key = redis_keys.text_received(Provider.NOTIFY, given["id"][:64])
    if not line.redis.set(key, 1, nx=True, ex=redis_keys.RECEIPT_SECONDS):
        return Response("", status=204)  # Notify called again: answered already
    sender = _e164(given["source_number"])
    intervals = list(line.settings.sms_retry_intervals)
    try:
        for reply in replies(sender, given["message"], Provider.NOTIFY):
            line.sms_queue.enqueue(
                SEND_REPLY,
                seal(line.settings.secret_key.value, sender),
                reply.text,
                reply.lang,
                reply.after_stop,
                retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
                result_ttl=RESULT_KEPT[SEND_REPLY],
                failure_ttl=FAILURE_KEPT,
                description="text a reply",  # rq logs this: never the words
            )
    except Exception:
        line.redis.delete(key)  # not answered: Notify's next try may be
        raise
    return Response("", status=204)


@bp.post("/status")
def status() -> Response:
    """Notify's delivery receipt for a text we sent: counted, never kept with the number."""
    given = _payload("id", "status")
    record(services().redis, Provider.NOTIFY, given["id"], given["status"])
    return Response("", status=204)


@bp.errorhandler(Exception)
def refuse(error: Exception) -> tuple[Response, int]:
    """Notify's error shape; a failure on our side is a 503, so Notify tries again later."""
    code = getattr(error, "code", 500)
    if isinstance(code, int) and code < 500:
        return jsonify(error=getattr(error, "description", "refused")), code
    if not isinstance(error, RedisError):
        current_app.logger.exception("notify callback failed", exc_info=error)
    return jsonify(error="try again later"), 503
