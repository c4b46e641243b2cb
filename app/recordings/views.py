"""An item's recording page, /admin/recordings/<lang>/<item key>: the exact words to read,
what callers hear now, uploading or recording a take, reviewing and publishing one."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from app.accounts.access import (
    SIGNED_IN,
    actor,
    chosen_step,
    client_address,
    forbidden,
    may,
    requires,
)
from app.accounts.errors import AccountError
from app.audio.items import item_id
from app.audio.names import words_digest
from app.audio.sources import heard_now, label
from app.content.loader import load_libraries
from app.db.session import db_session
from app.editor.audio import make_current
from app.recordings import service
from app.recordings.convert import MAX_BYTES, RecordingRefused, convert
from app.recordings.models import Recording, TakeState
from app.services import services

bp = Blueprint("recordings", __name__, url_prefix="/recordings")
bp.context_processor(
    lambda: {
        "label": label,
        "words_digest": words_digest,
        "heard_digest": service.heard,
        "TakeState": TakeState,
    }
)
STEPS = {"upload": "edit_content", "approve": "publish_content", "refuse": "review_content"}


def _item(lang: str, key: str) -> service.Item:
    found = _found(lang, key)
    if found is None:
        abort(404)
    return found


def _found(lang: str, key: str) -> service.Item | None:
    found = services().speaker.items().get(item_id(key, lang))
    return None if found is None else service.Item(lang, key, found.text)


def _show(item: service.Item, status: int = 200, error: str = "") -> ResponseReturnValue:
    line = services()
    return render_template(
        "admin/recordings/item.html",
        item=item,
        takes=service.takes(db_session(), item),
        heard=heard_now(line.speaker, item.lang, item.key),
        error=error,
        limit_mb=_mb(),
    ), status


@bp.get("/<lang>/<key>")
@requires("view_status")
def page(lang: str, key: str) -> ResponseReturnValue:
    return _show(_item(lang, key))


def _let_in() -> ResponseReturnValue | None:
    """Nothing: wrapped by `requires`, which answers for someone not signed in instead."""
    return None


_signed_in = requires(SIGNED_IN)(_let_in)


def recording_uploads() -> ResponseReturnValue | None:
    """Before anything reads the body (CSRF reads the form): a POST to a recording page from
    someone not signed in is answered unread; only a person whose role may upload may send
    a recording's size (20 MB), anyone else 64 KB (a larger body: 413, unread)."""
    if request.endpoint != "admin.recordings.act" or request.method != "POST":
        return None
    refused = _signed_in()  # what `requires` answers someone not signed in
    if refused is not None:
        return refused
    if may(STEPS["upload"]):
        request.max_content_length = MAX_BYTES + 1024 * 1024
    return None


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """More than this person may send here (read no further): the page, saying so."""
    args = request.view_args or {}
    item = _found(str(args.get("lang", "")), str(args.get("key", "")))
    if item is None:
        return error
    return _show(item, 413, f"That is too large: a recording may be at most {_mb()} MB.")


def _mb() -> int:
    return MAX_BYTES // (1024 * 1024)


@bp.post("/<lang>/<key>")
@requires("view_status")
def act(lang: str, key: str) -> ResponseReturnValue:
    item = _item(lang, key)
    step = chosen_step(STEPS)
    if step is None:
        return forbidden()
    try:
        if step == "upload":
            _upload(item)
        else:
            take = _take(item)
            if step == "approve":
                _publish(item, take)
            else:
                service.refuse(db_session(), item, take, actor(), client_address())
                flash("The recording is turned down: callers will not hear it.")
    except service.NotTheTakeHeard as changed:
        return _show(item, 409, str(changed))
    except (RecordingRefused, service.RecordingError, AccountError) as refused:
        return _show(item, 422, str(refused))
    return redirect(url_for("admin.recordings.page", lang=lang, key=key))


def _upload(item: service.Item) -> None:
    sent = request.files.get("recording")
    if sent is None or not sent.filename and not sent.content_length:
        raise RecordingRefused("Choose a recording to upload, or record one on this page.")
    try:
        data = sent.read(MAX_BYTES + 1)
    finally:
        sent.close()  # a large upload waits in a temporary file: closed as soon as it is read
    converted = convert(data)
    how = "browser" if request.form.get("how") == "browser" else "upload"
    line = services()
    service.add(db_session(), item, converted, how, actor(), line.settings.audio_dir,
                client_address())  # fmt: skip
    flash("The recording is saved. A reviewer who did not make it must approve it.")


def _take(item: service.Item) -> Recording:
    given = request.form.get("take", "")
    takes = service.takes(db_session(), item)
    chosen = int(given) if re.fullmatch(r"[0-9]{1,9}", given) else None
    take = next((t for t in takes if t.id == chosen), None)
    if take is None:
        raise service.RecordingError("Choose which recording.")
    return take


def _publish(item: service.Item, take: Recording) -> None:
    line = services()
    content, audio = line.settings.content_dir, line.settings.audio_dir
    shown, reason = request.form.get("heard", ""), request.form.get("reason", "")[:500]
    service.approve(db_session(), item, take, actor(), content, audio, shown, client_address(),
                    reason)  # fmt: skip
    make_current(load_libraries(content), audio, line.settings.tts_engine)
    flash("Published: every new call hears this recording.")


@bp.get("/take/<int:take_id>/<speed>.mp3")
@requires("view_status")
def listen(take_id: int, speed: str) -> Response:
    """A take, normal or slower, for people reviewing it (drafts are not on /audio)."""
    take = db_session().get(Recording, take_id)
    if take is None or speed not in ("normal", "slow"):
        abort(404)
    data = take.normal_audio if speed == "normal" else take.slow_audio
    return Response(data, mimetype="audio/mpeg", headers={"Cache-Control": "private, no-store"})
