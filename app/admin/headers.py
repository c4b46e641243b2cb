"""Headers on every admin page: never cached, and the line's policy in its admin form
(app.pages.headers): never framed, scripts only from the line."""

from __future__ import annotations

from flask import Response

from app.pages.headers import policy, secure
from app.services import services


def protect(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return secure(response, policy(services().settings, admin=True))
