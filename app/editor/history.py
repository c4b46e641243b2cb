"""Every published version, and going back to one: published again as a new version."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.accounts.actors import Actor, require
from app.editor import documents
from app.editor.documents import Key
from app.editor.models import Version
from app.editor.publish import EditorError, Publication, publish, unchanged_on_disk
from app.editor.validate import verdict


def versions(session: Session, key: Key) -> list[Version]:
    """Newest first."""
    document = documents.find(session, key)
    return list(reversed(document.versions)) if document else []


def version(session: Session, key: Key, number: int) -> Version | None:
    return next((v for v in versions(session, key) if v.number == number), None)


def rollback(
    session: Session,
    key: Key,
    number: int,
    actor: Actor,
    content_dir: Path,
    base_url: str,
    client: str | None = None,
) -> int:
    """Publish version `number`'s words again, as a new version, if the line can still use
    them (a topic's key may have been taken since). The new version's number."""
    require(actor, "publish_content")
    document = documents.find(session, key)
    old = version(session, key, number)
    if document is None or old is None:
        raise EditorError(f"There is no version {number} of this to go back to.")
    if document.draft is not None:
        raise EditorError("This has an open draft: send it back or publish it first.")
    unchanged_on_disk(document, content_dir)
    found = verdict(content_dir, key, old.text, base_url)
    if not found.publishable:
        raise EditorError(
            f"Version {number} cannot go back on the line as it is: "
            + "; ".join([*found.errors, *(f.message for f in found.findings if f.level == "error")])
        )
    publication = Publication(
        f"Back to version {number}." + (f" (It said: {old.note})" if old.note else ""),
        old.author_name,
        old.author_id,
        old.sources,
        old.review_due,
        origin="rollback",
    )
    made = publish(session, document, old.text, publication, actor, content_dir, client)
    return made.number
