"""Switching a particular scan on or off: a new version of its English file, published and
audited under the name of who did it. On needs the name of who in the department confirmed
its numbers; off needs nobody's (taking a scan away from callers is always safe)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from app.accounts.actors import Actor, by, require
from app.audit.actions import Action
from app.audit.record import record
from app.content.languages import DEFAULT_LANGUAGE
from app.content.loader import load_libraries
from app.content.model import ContentError
from app.content.procedures import split_name
from app.editor import documents, prerender, yamltext
from app.editor.documents import PROCEDURE, Key
from app.editor.publish import EditorError, Publication, publish, unchanged_on_disk


def switched(text: str, on: bool, confirmed_by: str, development: bool, today: dt.date) -> str:
    """The English file's text with the scan switched on (confirmed by whom, when) or off,
    everything else as it was written."""
    data = yamltext.load(text, "the scan's file")
    data["enabled"] = on
    if on:
        data["confirmed_by"] = confirmed_by
        data["confirmed_on"] = today
        data["development"] = development
    return yamltext.dump(data)


def switch(
    session: Session,
    content_dir: Path,
    procedure_id: str,
    actor: Actor,
    on: bool,
    confirmed_by: str = "",
    development: bool = False,
    today: dt.date | None = None,
    wait_for_audio: bool = True,
) -> tuple[int, int]:
    """Switch the scan on or off: the new version's number, and how many of its items'
    audio is still to be made. Refused, with why, if the scan is unknown, has words no
    version has, or would not load. Its audio is made before it goes live, unless
    `wait_for_audio` is false: then it is queued for the workers (set-up scripts, bin/dev)."""
    require(actor, "review_content")
    confirmed_by = " ".join(confirmed_by.split())
    if on and not confirmed_by:
        raise EditorError("Say who in the department confirmed this scan's numbers.")
    key = Key(PROCEDURE, DEFAULT_LANGUAGE, procedure_id)
    # Only a scan's own English file: never "../menus" or "bone-scan.cy" read as one.
    is_id = split_name(f"{procedure_id}.yaml") == (procedure_id, None)
    document = documents.find(session, key) if is_id else None
    text = documents.read(key, content_dir) if is_id else None
    if text is None:
        raise EditorError(f"There is no scan '{procedure_id}' (looked for {key.name}).")
    if document is None:
        raise EditorError("This scan is not in the editor yet: run `flask content import` first.")
    unchanged_on_disk(document, content_dir)
    new = switched(text, on, confirmed_by, development, today or dt.date.today())
    try:
        load_libraries(content_dir, {key.name: new})
    except ContentError as exc:
        raise EditorError(f"This scan cannot go live as it is: {exc}") from exc
    what = "on" if on else "off"
    note = f"Switched {what}" + (f"; its numbers confirmed by {confirmed_by}." if on else ".")
    if development:
        note += " Development data, not a department's."
    record(session, Action.PROCEDURE_ENABLED if on else Action.PROCEDURE_DISABLED, **by(actor),
           object_type="procedure", object_id=procedure_id,
           confirmed_by=confirmed_by or None, development=development or None)  # fmt: skip
    last = documents.latest(document)
    publication = Publication(note, by(actor)["actor_name"], None,
                              last.sources if last else "", origin="command line")  # fmt: skip
    audio = prerender.for_this_app()
    if audio is not None and not wait_for_audio:
        audio.seconds = 0  # none made here: all queued once the file is written
    version = publish(session, document, new, publication, actor, content_dir, audio=audio)
    return version.number, len(audio.waiting) if audio is not None else 0
