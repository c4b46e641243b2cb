"""Draft, review, publish: an editor saves and submits; a reviewer who did not write it
publishes it or sends it back with a comment. Each step commits with its audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.accounts import grants
from app.accounts.actors import Actor, by, require
from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.roles import allowed
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed
from app.editor import documents, news
from app.editor.documents import Key
from app.editor.models import Draft, DraftAuthor, DraftState
from app.editor.prerender import Prerender
from app.editor.publish import EditorError, Publication, publish, unchanged_on_disk
from app.editor.ready import final_text, problems
from app.editor.reviewed import Seen, require_same_draft


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
    return dict(key.trail)


def save(
    session: Session,
    key: Key,
    words: Words,
    actor: Actor,
    revision: int | None,
    client: str | None = None,
) -> Draft:
    """Keep the words as the document's draft (whatever the checks say: nothing is lost).
    `revision`: the draft's revision the page was opened at (None: there was none). The
    same words saved twice (two quick clicks, at once or one after the other) are kept once."""
    require(actor, "edit_content")
    try:
        return _save(session, key, words, actor, revision, client)
    except (IntegrityError, StaleDataError):
        # Another save of this draft was committed while this one ran (rolled back).
        document = documents.find(session, key)
        draft = document.draft if document else None
        if draft is None:
            raise
        if _says(draft, words):
            return draft
        raise Conflict(draft) from None


def _says(draft: Draft, words: Words) -> bool:
    return (draft.text, draft.note, draft.sources) == (words.text, words.note, words.sources)


def _save(
    session: Session, key: Key, words: Words, actor: Actor, revision: int | None, client: str | None
) -> Draft:
    with committed(session):
        document = documents.find_or_make(session, key)
        draft = document.draft
        if draft is not None and revision != draft.revision:
            if _says(draft, words):
                return draft  # this very save, sent again: nothing to do
            raise Conflict(draft)
        if draft is None:
            last = documents.latest(document)
            draft = Draft(document=document, base_version=last.number if last else None,
                          revision=0)  # fmt: skip
            session.add(draft)
        draft.text, draft.note, draft.sources = words.text, words.note, words.sources
        draft.revision += 1
        draft.status, draft.updated_at = DraftState.DRAFT, utcnow()
        if isinstance(actor, User) and not draft.written_by(actor.id):
            draft.authors.append(DraftAuthor(user_id=actor.id, name=actor.name))
        record(session, Action.CONTENT_DRAFT_SAVED, **by(actor), client=client, **_where(key),
               revision=draft.revision)  # fmt: skip
    return draft


def submit(
    session: Session,
    draft: Draft,
    actor: Actor,
    content_dir: Path,
    base_url: str,
    client: str | None = None,
) -> None:
    """Ask for a review: the draft is listed for reviewers and its audio is made. Refused,
    with every reason, while the draft could not be published (the editor mends it first)."""
    require(actor, "edit_content")
    if draft.status == DraftState.SUBMITTED:
        return  # asked already (a second click)
    key = documents.key_of(draft.document)
    found = problems(key, draft.text, content_dir, base_url, dt.date.today())
    if found:
        raise EditorError(
            "The draft is saved, but it cannot go for review yet: " + "; ".join(found)
        )
    with committed(session):
        draft.status = DraftState.SUBMITTED
        step = record(session, Action.CONTENT_SUBMITTED, **by(actor), client=client,
                      **_where(key))  # fmt: skip
    news.submitted(key, actor, step.id)


def send_back(
    session: Session,
    draft: Draft,
    actor: Actor,
    comment: str,
    seen: Seen | None,
    client: str | None = None,
) -> None:
    """Back to its editors with a comment: only the revision the reviewer's page showed."""
    require(actor, "review_content")
    require_same_draft(draft, seen)
    if not comment.strip():
        raise EditorError("Say what needs changing: the comment is what the editor reads.")
    key = documents.key_of(draft.document)
    with committed(session):
        draft.status, draft.comment = DraftState.SENT_BACK, comment.strip()
        step = record(session, Action.CONTENT_SENT_BACK, **by(actor), client=client,
                      **_where(key))  # fmt: skip
    news.sent_back(key, actor, step.id, _authors(draft))


def approve(
    session: Session,
    draft: Draft,
    actor: Actor,
    content_dir: Path,
    base_url: str,
    seen: Seen | None,
    client: str | None = None,
    audio: Prerender | None = None,
) -> int:
    """Publish the draft: a reviewer who wrote none of it, the very revision their page
    showed, a draft submitted for review, nothing published or changed by hand since it
    began, and the line still working with it. The new version's number. `audio` renders
    what the new words change before they go live (app.editor.prerender)."""
    require(actor, "publish_content")
    document = draft.document
    key = documents.key_of(document)
    if isinstance(actor, User) and draft.written_by(actor.id):
        raise EditorError("You wrote words in this draft: another reviewer must approve it.")
    if isinstance(actor, User) and (
        why := grants.approval_problem(session, actor.id, [a.user_id for a in draft.authors])
    ):
        raise EditorError(why)
    if draft.status != DraftState.SUBMITTED:
        raise EditorError("Only a draft submitted for review can be approved.")
    require_same_draft(draft, seen)
    unchanged_on_disk(document, content_dir)
    last = documents.latest(document)
    if last is not None and draft.base_version != last.number:
        raise EditorError(
            f"Version {last.number} was published after this draft began: publishing it "
            "would undo that. Send it back so the editor can bring it up to date."
        )
    found = problems(key, draft.text, content_dir, base_url, dt.date.today())
    if found:
        raise EditorError("The line cannot use these words yet: " + "; ".join(found))
    text, sources, due = final_text(key, draft.text, dt.date.today())
    authors = ", ".join(a.name for a in draft.authors) or "unknown"
    author_id = draft.authors[0].user_id if draft.authors else None
    publication = Publication(draft.note, authors, author_id, sources or draft.sources, due)
    told = _authors(draft)
    session.delete(draft)
    version = publish(session, document, text, publication, actor, content_dir, client,
                      audio=audio)  # fmt: skip
    news.published(key, actor, version.number, told)
    return version.number


def _authors(draft: Draft) -> list[int]:
    return [a.user_id for a in draft.authors if a.user_id is not None]


def discard(
    session: Session, draft: Draft, actor: Actor, seen: Seen | None, client: str | None = None
) -> None:
    """Throw the draft away (the revision the page showed). The published words are
    untouched."""
    if not may_discard(actor, draft):
        raise AccountError("Only someone who wrote this draft, or a reviewer, may throw it away.")
    require_same_draft(draft, seen)
    key = documents.key_of(draft.document)
    with committed(session):
        record(session, Action.CONTENT_DRAFT_DISCARDED, **by(actor), client=client, **_where(key),
               revision=draft.revision)  # fmt: skip
        session.delete(draft)


def may_discard(actor: Actor, draft: Draft) -> bool:
    """One of the draft's authors, or a reviewer (an admin does not handle the words)."""
    if not isinstance(actor, User):
        return True  # the command line
    if not actor.active:
        return False
    mine = allowed(actor.role, "edit_content") and draft.written_by(actor.id)
    return mine or allowed(actor.role, "review_content")
