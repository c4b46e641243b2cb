"""Serving generated audio: content-hashed names, cached for good, ranges for players."""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_from_directory

from app.audio.names import AUDIO_NAME
from app.services import services

bp = Blueprint("audio", __name__, url_prefix="/audio")
ONE_YEAR = 31_536_000


@bp.get("/<name>")
def serve(name: str) -> Response:
    # Only names we generate: a hash and .mp3, so no path can leave the audio folder.
    if not AUDIO_NAME.match(name):
        abort(404)
    folder = services().speaker.audio_dir.resolve()
    response = send_from_directory(
        folder, name, mimetype="audio/mpeg", conditional=True, etag=True, max_age=ONE_YEAR
    )
    # The name changes whenever the sound does, so a cached copy is never wrong.
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
