"""Draft, review, publish: an editor saves and submits; a reviewer who did not write it
publishes it or sends it back with a comment. Each step commits with its audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.actors import Actor, by, require
from app.accounts.models import User
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed
from app.editor import documents
from app.editor.documents import Key
from app.editor.fields import fields_of, text_of
from app.editor.models import Draft, DraftAuthor
from app.editor.publish import EditorError, Publication, publish, unchanged_on_disk
from app.editor.validate import verdict

# A topic's review falls due a year after it is published, unless its editor says sooner.
REVIEW_AFTER = dt.timedelta(days=365)


class Conflict(EditorError):
    """Someone else saved the draft after this page was opened: both texts are shown."""

    def __init__(self, draft: Draft) -> None:
        super().__init__(
            f"Someone else saved this draft (as revision {draft.revision}) after you opened "
            "it. Their words and yours are both shown: copy what you need into the draft, "
            "then save again."
        )
        self.draft = draft


@dataclass(frozen=True)
class Words:
    """What an editor saves: the file's text, and the note of what changed and why."""

    text: str
    note: str = ""
    sources: str = ""  # for menus and prompts; a topic keeps its sources in the file


def _where(key: Key) -> dict[str, Any]:
    return {"object_type": "document", "object_id": f"{key.lang}/{key.slug}"}


def save(
    session: Session,
    key: Key,
    words: Words,
    actor: Actor,
    revision: int | None,
    client: str | None = None,
) -> Draft:
    """Keep the words as the document's draft (whatever the checks say: nothing is lost).
    `revision`: the draft's revision the page was opened at (None: there was none)."""
    require(actor, "edit_content")
    with committed(session):
        document = documents.find_or_make(session, key)
        draft = document.draft
        if draft is not None and revision != draft.revision:
            raise Conflict(draft)
        if draft is None:
            last = documents.latest(document)
            draft = Draft(document=document, base_version=last.number if last else None,
                          revision=0)  # fmt: skip
            session.add(draft)
        draft.text, draft.note, draft.sources = words.text, words.note, words.sources
        draft.revision += 1
        draft.status, draft.updated_at = "draft", utcnow()
        if isinstance(actor, User) and not draft.written_by(actor.id):
            draft.authors.append(DraftAuthor(user_id=actor.id, name=actor.name))
        record(session, "content.draft_saved", **by(actor), client=client, **_where(key),
               revision=draft.revision)  # fmt: skip
    return draft


def submit(session: Session, draft: Draft, actor: Actor, client: str | None = None) -> None:
    """Ask for a review: the draft is listed for reviewers and its audio is made."""
    require(actor, "edit_content")
    with committed(session):
        draft.status = "submitted"
        record(session, "content.submitted", **by(actor), client=client,
               **_where(documents.key_of(draft.document)))  # fmt: skip


def send_back(
    session: Session, draft: Draft, actor: Actor, comment: str, client: str | None = None
) -> None:
    require(actor, "review_content")
    if not comment.strip():
        raise EditorError("Say what needs changing: the comment is what the editor reads.")
    with committed(session):
        draft.status, draft.comment = "sent_back", comment.strip()
        record(session, "content.sent_back", **by(actor), client=client,
               **_where(documents.key_of(draft.document)))  # fmt: skip


def _final_text(key: Key, text: str, today: dt.date) -> tuple[str, str, dt.date | None]:
    """A topic as published: checked today, due for review in a year unless sooner; its
    sources are required. The text, its sources and its review date."""
    if key.kind != "topic":
        return text, "", None
    fields = fields_of(text, key.path(Path(".")).name)
    if not fields.sources.strip():
        raise EditorError("Say where this topic's facts come from (sources) before publishing.")
    if not fields.review_due.strip():
        fields.review_due = (today + REVIEW_AFTER).isoformat()
    due = dt.date.fromisoformat(fields.review_due.strip())
    return text_of(fields, text, reviewed=today), fields.sources, due


def approve(
    session: Session,
    draft: Draft,
    actor: Actor,
    content_dir: Path,
    base_url: str,
    client: str | None = None,
) -> int:
    """Publish the draft: a reviewer who wrote none of it, a draft submitted for review,
    nothing published or changed by hand since it began, and the line still working with
    it. The new version's number."""
    require(actor, "publish_content")
    document = draft.document
    key = documents.key_of(document)
    if isinstance(actor, User) and draft.written_by(actor.id):
        raise EditorError("You wrote words in this draft: another reviewer must approve it.")
    if draft.status != "submitted":
        raise EditorError("Only a draft submitted for review can be approved.")
    unchanged_on_disk(document, content_dir)
    last = documents.latest(document)
    if last is not None and draft.base_version != last.number:
        raise EditorError(
            f"Version {last.number} was published after this draft began: publishing it "
            "would undo that. Send it back so the editor can bring it up to date."
        )
    text, sources, due = _final_text(key, draft.text, dt.date.today())
    found = verdict(content_dir, key, text, base_url)
    if not found.publishable:
        raise EditorError("The line cannot use these words yet: " + "; ".join(
            [*found.errors, *(f.message for f in found.findings if f.level == "error")]
        ))  # fmt: skip
    authors = ", ".join(a.name for a in draft.authors) or "unknown"
    author_id = draft.authors[0].user_id if draft.authors else None
    publication = Publication(draft.note, authors, author_id, sources or draft.sources, due)
    session.delete(draft)
    version = publish(session, document, text, publication, actor, content_dir, client)
    return version.number
