"""Headers on every admin page: never cached, never framed, scripts only from the line."""

from __future__ import annotations

from flask import Response

from app.services import services


def protect(response: Response) -> Response:
    base = services().settings.public_base_url
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; media-src 'self' {base}; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    )
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
