"""Try the line in the browser: the page follows the line's TwiML exactly as Twilio would.

The browser cannot sign requests (it must not hold the auth token), so each step goes
through here: we sign it as Twilio does and pass the request to the line unchanged."""

from __future__ import annotations

import itertools
import posixpath
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from app.accounts.access import requires
from app.audio.manifest import read_manifest
from app.audio.speaker import Unpublished
from app.db.session import db_session
from app.editor import documents
from app.editor.publish import EditorError
from app.editor.trial import drafts, line_as_draft
from app.services import services
from app.voice.answers import RequestLine

bp = Blueprint("phone", __name__, url_prefix="/phone")
# The browser "calls" from a withheld number: no text is ever sent from this page.
CALLER = "anonymous"
_CALLS = itertools.count(1)


@bp.get("")
@requires("view_status")
def page() -> str:
    """The test phone; `?draft=en/your-results` rings the line as that draft would make it."""
    waiting = drafts(db_session())
    chosen = next((k for k in waiting if f"{k.lang}/{k.slug}" == request.args.get("draft")), None)
    return render_template("admin/phone.html", call_sid=f"CAadmin{next(_CALLS):026d}",
                           drafts=waiting, draft=chosen)  # fmt: skip


def _environ(named: object) -> dict[str, object]:
    """The WSGI environ that rings the line from this page: as the draft `lang/slug`, or as
    the line itself when none is named; never counted as a patient's call."""
    if not named:
        return RequestLine.test_phone_environ()
    lang, _, slug = str(named).partition("/")
    line = services()
    settings = line.settings
    key = documents.at(db_session(), lang, slug, settings.content_dir)
    libraries = line_as_draft(db_session(), key, settings.content_dir)
    speaker = line.speaker
    heard = Unpublished(libraries, speaker.audio_dir, speaker.engine, speaker.audio_url)
    return RequestLine.test_phone_environ(heard)


def _transcripts() -> dict[str, str]:
    """Audio file name to the words it speaks, so the page can show what is played."""
    speaker = services().speaker
    items = speaker.items()
    return {
        entry["file"]: items[item_id].text
        for item_id, entry in read_manifest(speaker.audio_dir).items()
        if isinstance(entry, dict) and item_id in items and "file" in entry
    }


def _verbs(twiml: str, words: dict[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for verb in ET.fromstring(twiml):
        if verb.tag == "Gather":
            inner = [_verb(v, words) for v in verb]
            out.append({"verb": "gather", **dict(verb.attrib), "prompt": inner})
        else:
            out.append(_verb(verb, words))
    return out


def _verb(verb: ET.Element, words: dict[str, str]) -> dict[str, Any]:
    text = (verb.text or "").strip()
    if verb.tag == "Play":
        return {"verb": "play", "url": text, "text": words.get(text.rsplit("/", 1)[-1], "")}
    return {"verb": verb.tag.lower(), "text": text, **dict(verb.attrib)}


@bp.post("/step")
@requires("view_status")
def step() -> ResponseReturnValue:
    """One request of the call, as Twilio would make it; the TwiML back as a list of verbs."""
    data = request.get_json(silent=True) or {}
    if not isinstance(data, dict):
        abort(400)
    settings = services().settings
    public = urlsplit(settings.public_base_url)
    try:
        target = urlsplit(urljoin(settings.public_base_url + "/voice", str(data.get("url", ""))))
    except ValueError:  # e.g. "http://[": not a URL at all
        abort(400)
    path, query = posixpath.normpath(target.path), target.query
    # Only the line's own voice routes: this page is no way into anything else.
    if target.netloc != public.netloc or not (path == "/voice" or path.startswith("/voice/")):
        abort(400)
    url = settings.public_base_url + path + (f"?{query}" if query else "")
    params = {
        "CallSid": str(data.get("call_sid", ""))[:40],
        "From": CALLER,
        "To": settings.twilio_phone_number,
        "AccountSid": settings.twilio_account_sid,
    }
    if data.get("digits"):
        params["Digits"] = str(data["digits"])[:1]
    if data.get("speech"):
        params["SpeechResult"], params["Confidence"] = str(data["speech"])[:200], "0.9"
    try:
        environ = _environ(data.get("draft"))
    except EditorError as exc:
        return jsonify(error=str(exc)), 400
    signature = services().validator.compute_signature(url, params)
    with current_app.test_client() as inner:
        answer = inner.post(path + (f"?{query}" if query else ""), data=params,
                            headers={"X-Twilio-Signature": signature},
                            environ_overrides=environ)  # fmt: skip
    if answer.status_code != 200:
        return jsonify(error=f"The line answered {answer.status_code}."), 502
    try:
        heard = RequestLine.draft_of(environ)
        words = {**_transcripts(), **(heard.transcripts() if heard else {})}
        verbs = _verbs(answer.get_data(as_text=True), words)
    except ET.ParseError:
        return jsonify(error="The line answered with TwiML that is not valid XML."), 502
    return jsonify(url=url, verbs=verbs)
