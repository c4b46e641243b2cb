"""Publishing: the file written atomically where the line reads it, and the version kept.

The file is written first and the version committed after; if the commit fails, the file
is put back, so the file and its last version never disagree because of us. A file that
was changed by hand since its last version is never overwritten: it is shown for a
reviewer to accept or discard first (app.editor.outside). The audio of every item the new
file changes is made before it is written, and made current the moment after
(app.editor.prerender), so callers hear the new words played at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.actors import Actor, by
from app.audit.actions import Action
from app.audit.record import record
from app.content.languages import DEFAULT_LANGUAGE
from app.editor import documents, prerender
from app.editor.documents import Key
from app.editor.models import Document, Version
from app.errors import LineError
from app.files import atomic_write


class EditorError(LineError, ValueError):
    """Refused, with what to do instead: the line is untouched and nothing is lost."""


@dataclass(frozen=True)
class Publication:
    """What a new version says about itself."""

    note: str
    author: str
    author_id: int | None
    sources: str = ""
    review_due: dt.date | None = None
    origin: str = "editor"


def unchanged_on_disk(document: Document, content_dir: Path) -> None:
    """Refuse while the file holds words no version has: someone changed it by hand."""
    on_disk = documents.read(documents.key_of(document), content_dir)
    last = documents.latest(document)
    if last is not None and on_disk is not None and on_disk != last.text:
        raise EditorError(
            "The file on the server was changed outside the editor since version "
            f"{last.number}. A reviewer must accept or discard that change first."
        )
    if last is None and on_disk is not None:
        raise EditorError(
            "This file is not in the editor yet. A reviewer must accept it as its first "
            "version first (or run `flask --app app content import`)."
        )


def english_version(session: Session, key: Key) -> int | None:
    """For a translation, the English version it is published against now."""
    if key.lang == DEFAULT_LANGUAGE:
        return None
    last = documents.latest(documents.find(session, key.english))
    return last.number if last else None


def publish(
    session: Session,
    document: Document,
    text: str,
    publication: Publication,
    reviewer: Actor,
    content_dir: Path,
    client: str | None = None,
    write: bool = True,
    audio: prerender.Prerender | None = None,
) -> Version:
    """A new version of `document` with `text`, the file written (unless it already holds
    it), both in one go. The caller has checked the text and the reviewer; commits. The
    new words' audio is rendered first, with `audio` (by default the running app's)."""
    key = documents.key_of(document)
    path = key.path(content_dir)
    before = documents.read(key, content_dir)
    changes = write and before != text
    if not changes:
        audio = None  # the words callers hear stay as they are
    elif audio is None:
        audio = prerender.for_this_app()
    name = path.relative_to(content_dir).as_posix()
    waiting = audio.before(content_dir, {name: text}) if audio is not None else 0
    last = documents.latest(document)
    reviewed = by(reviewer)
    version = Version(
        document=document,
        number=(last.number + 1) if last else 1,
        text=text,
        author_id=publication.author_id,
        author_name=publication.author,
        reviewer_id=reviewed["actor"].id if reviewed["actor"] is not None else None,
        reviewer_name=reviewed["actor_name"],
        note=publication.note.strip(),
        sources=publication.sources.strip(),
        review_due=publication.review_due,
        english_version=english_version(session, key),
        origin=publication.origin,
    )
    session.add(version)
    # Items whose new words callers hear by <Say> until their audio is made: in the trail.
    waited: dict[str, Any] = {"audio_waiting": waiting} if waiting else {}
    record(session, Action.CONTENT_PUBLISHED, **reviewed, client=client, **key.trail,
           version=version.number, origin=publication.origin, **waited)  # fmt: skip
    session.flush()
    if changes:
        atomic_write(path, text.encode("utf-8"), mode=0o644)
    try:
        session.commit()
    except BaseException:
        session.rollback()
        if changes:
            _put_back(path, before)
        raise
    if audio is not None:
        audio.after()
    return version


def _put_back(path: Path, before: str | None) -> None:
    if before is None:
        path.unlink(missing_ok=True)
    else:
        atomic_write(path, before.encode("utf-8"), mode=0o644)
