"""Twilio webhook signatures: every Twilio route is wrapped by one decorator."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from flask import abort, request

from app.services import services

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)
# The characters url_for leaves as they are in a path part (werkzeug's BaseConverter.to_url).
_PATH_SAFE = "!$&'()*+,/:;=@"


def public_urls() -> list[str]:
    """The URL Twilio requested: the public base URL, not what the proxy forwarded to us.

    Twilio signs a URL as we gave it, percent-encoded as url_for writes it (a menu called
    "café" is /voice/menu/caf%C3%A9); request.path is decoded, so both forms are tried."""
    base = services().settings.public_base_url
    query = request.query_string.decode("latin-1")
    paths = dict.fromkeys((quote(request.path, safe=_PATH_SAFE), request.path))
    return [f"{base}{path}" + (f"?{query}" if query else "") for path in paths]


def validate_twilio_request(view: F) -> F:
    """Refuse (403) any request not signed by Twilio with our auth token for this exact URL."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        validator = services().validator
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not any(
            validator.validate(url, request.form, signature) for url in public_urls()
        ):
            log.warning("refused a request without a valid Twilio signature: %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
