"""Headers on every page the line serves: one content security policy for the public pages
and the admin (the admin's differs only where it must), never framed, never sniffed, and no
address of a topic passed on to the sites it links to."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response

from app.services import services
from app.settings import Settings


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def policy(settings: Settings, *, admin: bool = False) -> str:
    """The Content-Security-Policy: scripts, styles and everything else from the line only;
    audio also from where callers' phones fetch it (AUDIO_BASE_URL, a CDN perhaps). The
    admin also plays a recording made in the browser before it is saved (`blob:`) and shows
    the authenticator's QR code (`data:`)."""
    served = dict.fromkeys(
        _origin(u) for u in (settings.public_base_url, settings.audio_base_url) if u
    )
    media = ["'self'", *(["blob:"] if admin else []), *served]
    images = "'self' data:" if admin else "'self'"
    return "; ".join((
        "default-src 'self'", "script-src 'self'", "style-src 'self'", f"img-src {images}",
        f"media-src {' '.join(media)}", "object-src 'none'", "base-uri 'none'",
        "frame-ancestors 'none'", "form-action 'self'",
    ))  # fmt: skip


def secure(response: Response, content_policy: str) -> Response:
    """A page's headers: its policy, never in a frame, never sniffed, no referrer."""
    response.headers["Content-Security-Policy"] = content_policy
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def public(response: Response) -> Response:
    """Every response the admin has not already protected: TwiML (read by Twilio, never a
    browser) is only never sniffed; everything else, error pages and 404s too, gets the lot."""
    if "Content-Security-Policy" in response.headers:
        return response  # the admin's own (app.admin.headers), set first
    if (response.mimetype or "").endswith("xml"):
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    return secure(response, policy(services().settings))
