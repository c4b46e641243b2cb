"""A draft on the test phone: the line as it would be if the draft were published, for the
people reviewing it to ring before it is. Callers never reach it (app.admin.phone only)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.content.loader import load_libraries
from app.content.model import ContentError, Library
from app.editor import documents
from app.editor.documents import Key
from app.editor.models import Document, Draft, DraftState
from app.editor.publish import EditorError


def drafts(session: Session) -> list[Key]:
    """Every document with a draft, waiting for review first."""
    found = session.execute(
        select(Document, Draft.status).join(Draft, Draft.document_id == Document.id)
    ).all()
    ordered = sorted(found, key=lambda f: (f[1] != DraftState.SUBMITTED, f[0].lang, f[0].slug))
    return [documents.key_of(document) for document, _ in ordered]


def line_as_draft(session: Session, key: Key, content_dir: Path) -> dict[str, Library]:
    """Every language's content with this document's draft in place of its file."""
    document = documents.find(session, key)
    if document is None or document.draft is None:
        raise EditorError(f"There is no draft of {key.slug} ({key.lang}) to try.")
    try:  # only read, never checked here: the edit page says what is wrong with a draft
        return load_libraries(content_dir, {key.name: document.draft.text})
    except ContentError as exc:
        raise EditorError(f"This draft cannot be tried yet: {exc}") from exc
