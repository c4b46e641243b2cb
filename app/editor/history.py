"""Every published version, and going back to one: published again as a new version, on
a reviewer's confirmation of what they were shown, with a reason, recorded as a rollback."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.accounts.actors import Actor, by, require
from app.accounts.models import User
from app.audit.actions import Action
from app.audit.record import record
from app.editor import documents
from app.editor.documents import Key
from app.editor.models import Version
from app.editor.prerender import Prerender
from app.editor.publish import EditorError, Publication, publish, unchanged_on_disk
from app.editor.reviewed import Seen, require_same_rollback
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
    seen: Seen | None,
    reason: str,
    client: str | None = None,
    audio: Prerender | None = None,
) -> int:
    """Publish version `number`'s words again, as a new version: confirmed by a reviewer
    who did not write them, on a page that showed what callers hear now, with a reason; if
    the line can still use them (a topic's key may have been taken since). The new version's
    number. `audio` renders what the old words change before they go live."""
    require(actor, "publish_content")
    document = documents.find(session, key)
    old = version(session, key, number)
    if document is None or old is None:
        raise EditorError(f"There is no version {number} of this to go back to.")
    if isinstance(actor, User) and old.author_id == actor.id:
        raise EditorError(f"You wrote version {number}: another reviewer must put it back.")
    if sum(ch.isalpha() for ch in reason) < 3:  # a word or more, not "." or "-"
        raise EditorError("Say why it goes back: the reason is kept with the new version.")
    require_same_rollback(documents.latest(document), old, seen)
    if document.draft is not None:
        raise EditorError("This has an open draft: send it back or publish it first.")
    unchanged_on_disk(document, content_dir)
    found = verdict(content_dir, key, old.text, base_url)
    if not found.publishable:
        raise EditorError(
            f"Version {number} cannot go back on the line as it is: "
            + "; ".join([*found.errors, *(f.message for f in found.findings if f.level == "error")])
        )
    why = " ".join(reason.split())
    publication = Publication(
        f"Back to version {number}: {why}" + (f" (It said: {old.note})" if old.note else ""),
        old.author_name,
        old.author_id,
        old.sources,
        old.review_due,
        origin="rollback",
    )
    record(session, Action.CONTENT_ROLLED_BACK, **by(actor), client=client, **key.trail,
           to_version=number, reason=why)  # fmt: skip
    made = publish(session, document, old.text, publication, actor, content_dir, client,
                   audio=audio)  # fmt: skip
    return made.number
