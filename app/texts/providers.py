"""Sending one text through the chosen service (SMS_PROVIDER): Twilio's REST API, or GOV.UK
Notify's with its official client. Each answers the message's id, or raises TextNotSent
(worth trying again: the network, a 5xx, Notify's 429) or TextRefused (a 4xx: not again).

Neither ever puts the number in a log or in an error: only the status and the service's
code. The job (app.texts.jobs) decides what a failure counts as."""

from __future__ import annotations

import logging
from typing import Any, NoReturn, cast

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from app.errors import LineError
from app.settings import Settings
from app.sms_values import PERSONALISATION, Provider, template_for

# Both clients log a failed request's answer, or every request's parameters: the number too.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
logging.getLogger("notifications_python_client").setLevel(logging.CRITICAL)
NOTIFY_URL = "https://api.notifications.service.gov.uk"
SECONDS = 15  # a job waits this long for either service


class TextNotSent(LineError, RuntimeError):
    """The service did not take the message; worth trying again."""


class TextRefused(TextNotSent):
    """The service refused the message (4xx, not 429): trying again would not help."""


def send(settings: Settings, number: str, body: str, kind: str, lang: str, reference: str) -> str:
    """Text `body` to `number`; the service's id for the message."""
    if settings.sms_provider == Provider.NOTIFY:
        template = template_for(settings.notify_templates, kind, lang)
        return _notify(settings, number, body, template, reference)
    return _twilio(settings, number, body)


def already_sent(settings: Settings, reference: str) -> str | None:
    """On a retry: the id of a text an earlier try sent with this reference, if the service
    can say (Notify can; Twilio keeps no reference, so its answer is always None)."""
    if settings.sms_provider != Provider.NOTIFY:
        return None
    try:
        found = _call(_notify_client(settings).get_all_notifications, reference=reference)
    except APIError as exc:
        raise TextNotSent(f"Notify answered HTTP {exc.status_code} to a look-up") from None
    sent = [n for n in found.get("notifications", []) if n.get("reference") == reference]
    return str(sent[0]["id"]) if sent else None


def _twilio_client(settings: Settings) -> Client:
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token.value)
    if settings.twilio_api_base_url:
        client.api.base_url = settings.twilio_api_base_url
    return client


def _twilio(settings: Settings, number: str, body: str) -> str:
    sender = (
        {"messaging_service_sid": settings.twilio_messaging_service_sid}
        if settings.twilio_messaging_service_sid
        else {"from_": settings.twilio_phone_number}
    )
    try:
        message = _twilio_client(settings).messages.create(
            to=number,
            body=body,
            status_callback=f"{settings.public_base_url}/sms/status",
            **sender,
        )
    except TwilioRestException as exc:
        # Only the status and Twilio's code: its message text can quote the number.
        _refused_or_not(exc.status, f"Twilio answered HTTP {exc.status}, error {exc.code}")
    except (TwilioException, OSError) as exc:
        raise TextNotSent(f"could not reach Twilio: {type(exc).__name__}") from None
    return str(message.sid)


def _notify_client(settings: Settings) -> NotificationsAPIClient:
    client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
        settings.notify_api_key.value, base_url=settings.notify_base_url or NOTIFY_URL
    )
    client.timeout = SECONDS
    return client


def _call(method: Any, **kwargs: object) -> dict[str, Any]:
    """The client's methods are untyped: what they answer is Notify's JSON object."""
    return cast(dict[str, Any], method(**kwargs))


def _notify(settings: Settings, number: str, body: str, template: str, reference: str) -> str:
    try:
        answer = _call(
            _notify_client(settings).send_sms_notification,
            phone_number=number,
            template_id=template,
            personalisation={PERSONALISATION: body},
            reference=reference,
        )
    except APIError as exc:
        # The client makes a network failure a 503. Only the status and Notify's error names:
        # a validation message can quote what was sent.
        errors = exc.message if isinstance(exc.message, list) else []
        names = ", ".join(sorted({str(e.get("error", "")) for e in errors if isinstance(e, dict)}))
        _refused_or_not(exc.status_code, f"Notify answered HTTP {exc.status_code} {names}".strip())
    return str(answer["id"])


def _refused_or_not(status: int, reason: str) -> NoReturn:
    """A 4xx other than 429 will not change on a retry; anything else may."""
    if 400 <= status < 500 and status != 429:
        raise TextRefused(reason) from None
    raise TextNotSent(reason) from None
