"""A local HTTP server that answers like GOV.UK Notify's API (v2), and calls the line back as
Notify does: the stand-in for Notify, as fake_twilio is for Twilio.

The official client (notifications-python-client), with its base_url pointed here, sends
its requests to it. As Notify's published API does, it checks each request's JSON Web Token
(HS256 with the key's secret, `iss` the service id, `iat` within 30 seconds: 403 otherwise),
answers a bad request with 400 and Notify's error JSON, and a rate limit with 429
(`limit_next`). It keeps each accepted text, can be asked for them by reference, and sends
delivery-status and received-text callbacks with the service's bearer token.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import jwt
import phonenumbers

from tests.support.loopback import JsonHandler, Loopback

PLACEHOLDER = re.compile(r"\(\(([^)]+)\)\)")
CLOCK_SECONDS = 30  # Notify's bound on a token's iat
RATE_LIMITED = "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"


class Poster(Protocol):
    def post(self, path: str, **kwargs: Any) -> Any: ...


def error(status: int, name: str, message: str) -> dict[str, Any]:
    """Notify's error JSON."""
    return {"status_code": status, "errors": [{"error": name, "message": message}]}


@dataclass
class FakeNotify(Loopback):
    templates: dict[str, str]  # id -> content, e.g. "((body))"
    callback_token: str = "notify-callback-token-0123456789"
    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    messages: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    _failures: list[tuple[int, dict[str, Any], bool]] = field(default_factory=list)

    @property
    def api_key(self) -> str:
        """A key as Notify shows it: `{name}-{service id}-{secret}`."""
        return f"line_test-{self.service_id}-{self.secret}"

    def start(self) -> FakeNotify:
        fake = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                fake.requests += 1
                parts = urlsplit(self.path)
                if (refused := fake._refusal(self.headers.get("Authorization", ""))) is not None:
                    return self._send(refused["status_code"], refused)
                if parts.path != "/v2/notifications":
                    return self._send(404, error(404, "NoResultFound", "No result found"))
                wanted = parse_qs(parts.query).get("reference", [None])[0]
                found = [fake._public(m) for m in fake.messages if m["reference"] == wanted]
                self._send(200, {"notifications": found, "links": {"current": self.path}})

            def do_POST(self) -> None:
                fake.requests += 1
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                if (refused := fake._refusal(self.headers.get("Authorization", ""))) is not None:
                    return self._send(refused["status_code"], refused)
                if self.path != "/v2/notifications/sms":
                    return self._send(404, error(404, "NoResultFound", "No result found"))
                if fake._failures:
                    status, payload, accepted = fake._failures.pop(0)
                    if accepted:  # Notify took it, but its answer never arrived
                        fake._accept(json.loads(raw))
                    return self._send(status, payload)
                try:
                    given = json.loads(raw)
                except ValueError:
                    return self._send(400, error(400, "BadRequestError", "Invalid JSON"))
                problem = fake._invalid(given)
                if problem is not None:
                    return self._send(400, problem)
                self._send(201, fake._created(fake._accept(given)))

        self.serve(Handler)
        return self

    def limit_next(self, times: int = 1) -> None:
        """The next requests are over the rate limit (429)."""
        self._failures += [(429, error(429, "RateLimitError", RATE_LIMITED), False)] * times

    def fail_next(self, status: int = 500, times: int = 1, accepted: bool = False) -> None:
        """The next requests fail with `status`; `accepted`: the text is taken all the same
        (the answer lost on the way back)."""
        payload = error(status, "Exception", "Internal server error")
        self._failures += [(status, payload, accepted)] * times

    def refuse_next(self, times: int = 1) -> None:
        """The next texts are refused as Notify refuses a number it cannot text (400)."""
        payload = error(400, "ValidationError", "phone_number Not a UK mobile number")
        self._failures += [(400, payload, False)] * times

    # The checks Notify makes, in its order: the token, then the request.
    def _refusal(self, authorization: str) -> dict[str, Any] | None:
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            return error(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            claims = jwt.decode(
                token, self.secret, algorithms=["HS256"], options={"verify_iat": False}
            )
        except jwt.InvalidTokenError:
            return error(403, "AuthError", "Invalid token: API key not found")
        if claims.get("iss") != self.service_id:
            return error(403, "AuthError", "Invalid token: service not found")
        if abs(time.time() - float(claims.get("iat", 0))) > CLOCK_SECONDS:
            return error(
                403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
            )
        return None

    def _invalid(self, given: Any) -> dict[str, Any] | None:
        if not isinstance(given, dict):
            return error(400, "ValidationError", "Invalid JSON")
        for name in ("phone_number", "template_id"):
            if name not in given:
                return error(400, "ValidationError", f"{name} is a required property")
        try:
            number = phonenumbers.parse(str(given["phone_number"]), "GB")
            valid = phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            return error(400, "ValidationError", "phone_number Not a valid phone number")
        template = self.templates.get(str(given["template_id"]))
        if template is None:
            return error(400, "BadRequestError", "Template not found")
        personalisation = given.get("personalisation") or {}
        missing = [p for p in PLACEHOLDER.findall(template) if p not in personalisation]
        if missing:
            return error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        return None

    def _accept(self, given: dict[str, Any]) -> dict[str, Any]:
        values = given.get("personalisation") or {}
        body = PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), self.templates.get(
            str(given.get("template_id")), ""))  # fmt: skip
        message = {**given, "id": str(uuid.uuid4()), "body": body,
                   "reference": given.get("reference"), "status": "created",
                   "created_at": dt.datetime.now(dt.UTC).isoformat()}  # fmt: skip
        self.messages.append(message)
        return message

    def _created(self, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": message["id"],
            "reference": message["reference"],
            "content": {"body": message["body"], "from_number": "GOVUK"},
            "uri": f"{self.url}/v2/notifications/{message['id']}",
            "template": {"id": message["template_id"], "version": 1,
                         "uri": f"{self.url}/v2/template/{message['template_id']}"},
        }  # fmt: skip

    def _public(self, message: dict[str, Any]) -> dict[str, Any]:
        return {"id": message["id"], "reference": message["reference"], "type": "sms",
                "phone_number": message["phone_number"], "body": message["body"],
                "status": message["status"], "created_at": message["created_at"],
                "template": {"id": message["template_id"], "version": 1}}  # fmt: skip

    # Notify calling the line back (its callbacks), through a test client or any poster.
    def deliver(self, line: Poster, notification_id: str, status: str, path: str = "") -> Any:
        """The delivery-status callback for a text it sent."""
        message = next((m for m in self.messages if m["id"] == notification_id), {})
        now = dt.datetime.now(dt.UTC).isoformat()
        payload = {"id": notification_id, "reference": message.get("reference"),
                   "to": message.get("phone_number", ""), "status": status, "created_at": now,
                   "completed_at": now, "sent_at": now, "notification_type": "sms",
                   "template_id": message.get("template_id"), "template_version": 1}  # fmt: skip
        return self.callback(line, path or "/sms/notify/status", payload)

    def receive(self, line: Poster, source_number: str, message: str, path: str = "") -> Any:
        """The received-text callback: a text to the service's number."""
        payload = {"id": str(uuid.uuid4()), "source_number": source_number.lstrip("+"),
                   "destination_number": "07700900000", "message": message,
                   "date_received": dt.datetime.now(dt.UTC).isoformat()}  # fmt: skip
        return self.callback(line, path or "/sms/notify/received", payload)

    def callback(self, line: Poster, path: str, payload: dict[str, Any]) -> Any:
        headers = {"Authorization": f"Bearer {self.callback_token}"}
        return line.post(path, json=payload, headers=headers)
