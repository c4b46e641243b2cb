"""Files changed on the server by hand (or new files): noticed, shown with their diff, and
made a version only when a reviewer accepts them. Nothing is overwritten silently."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.accounts.actors import Actor, by, require
from app.audit.actions import Action
from app.audit.record import record
from app.db.transaction import committed
from app.editor import documents
from app.editor.documents import Key
from app.editor.publish import EditorError, Publication, publish
from app.editor.ready import named_sources
from app.files import atomic_write


@dataclass(frozen=True)
class Outside:
    """A file whose words are not its last version's: changed by hand, or never imported."""

    key: Key
    on_disk: str | None  # None: the file is gone
    last: str  # the last version's text ("" when there is none)
    number: int | None


def changed(session: Session, key: Key, content_dir: Path) -> Outside | None:
    """The outside change to this document's file, if there is one."""
    on_disk = documents.read(key, content_dir)
    last = documents.latest(documents.find(session, key))
    if last is None:
        return Outside(key, on_disk, "", None) if on_disk is not None else None
    return Outside(key, on_disk, last.text, last.number) if on_disk != last.text else None


def accept(
    session: Session,
    key: Key,
    actor: Actor,
    content_dir: Path,
    note: str,
    client: str | None = None,
    origin: str = "outside",
) -> int:
    """The file's words become a new version, as they are (the line already reads them)."""
    require(actor, "publish_content")
    found = changed(session, key, content_dir)
    if found is None or found.on_disk is None:
        raise EditorError("There is no change on the server to accept.")
    document = documents.find_or_make(session, key)
    name = str(by(actor)["actor_name"])
    publication = Publication(note or "Changed on the server, outside the editor.", name, None,
                              named_sources(key, found.on_disk),
                              origin=origin if found.number else "import")  # fmt: skip
    version = publish(session, document, found.on_disk, publication, actor, content_dir,
                      client, write=False)  # fmt: skip
    return version.number


def discard(
    session: Session, key: Key, actor: Actor, content_dir: Path, client: str | None = None
) -> None:
    """Put the last version's words back in the file."""
    require(actor, "publish_content")
    found = changed(session, key, content_dir)
    if found is None or found.number is None:
        raise EditorError("There is no change on the server to discard.")
    with committed(session):
        record(session, Action.CONTENT_OUTSIDE_DISCARDED, **by(actor), client=client,
               **key.trail)  # fmt: skip
        session.flush()
        atomic_write(key.path(content_dir), found.last.encode("utf-8"), mode=0o644)
