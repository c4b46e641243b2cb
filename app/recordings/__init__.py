from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Answer an upload too large for anyone but a signed-in recorder before it is read. Call
    it before CSRFProtect, which reads the form; the pages are in the admin area (app.admin)."""
    from app.recordings.views import recording_uploads

    app.before_request(recording_uploads)
