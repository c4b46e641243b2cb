"""Twilio webhook signatures: every Twilio route is wrapped by one decorator."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


def public_url() -> str:
    """The URL Twilio requested: the public base URL, not what the proxy forwarded to us."""
    base = current_app.extensions["settings"].public_base_url
    query = request.query_string.decode("latin-1")
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def validate_twilio_request(view: F) -> F:
    """Refuse (403) any request not signed by Twilio with our auth token for this exact URL."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        validator: RequestValidator = current_app.extensions["twilio_validator"]
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not validator.validate(public_url(), request.form, signature):
            log.warning("refused a request without a valid Twilio signature: %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
