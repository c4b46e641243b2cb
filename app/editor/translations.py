"""Translations kept honest: behind English when the English words changed since the
translation was last published against them (a scan's: its sentences, not its numbers; a
short answer's: its question and answer).
Callers keep hearing it meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.accounts.actors import Actor, require
from app.content.languages import DEFAULT_LANGUAGE
from app.editor import diff, documents
from app.editor.answer_checks import words_of
from app.editor.documents import ANSWER, PROCEDURE, Key
from app.editor.procedure_words import sentences
from app.editor.publish import EditorError, Publication, publish, unchanged_on_disk


@dataclass(frozen=True)
class Behind:
    """A translation checked against English version `since`, now at `now`."""

    since: int | None
    now: int
    changes: list[diff.Paragraph]


def behind(session: Session, key: Key) -> Behind | None:
    """How far a translation is behind English, or None if it is not."""
    if key.lang == DEFAULT_LANGUAGE:
        return None
    english = documents.find(session, key.english)
    translation = documents.latest(documents.find(session, key))
    now = documents.latest(english)
    if english is None or now is None or translation is None:
        return None
    since = translation.english_version
    then = next((v for v in english.versions if v.number == since), None)
    # A scan's numbers are shared, said by every language: only its sentences are followed;
    # a short answer's question and answer (its ways of asking are each language's own).
    said = {PROCEDURE: sentences, ANSWER: words_of}.get(key.kind, str)
    before, after = said(then.text if then else ""), said(now.text)
    if then is not None and (then.number == now.number or not diff.changed(before, after)):
        return None
    return Behind(since, now.number, diff.paragraphs(before, after))


def confirm(
    session: Session, key: Key, actor: Actor, content_dir: Path, client: str | None = None
) -> int:
    """A reviewer checked the translation still says what the English now says: the same
    words, published again against the English of now. The new version's number."""
    require(actor, "review_content")
    document = documents.find(session, key)
    last = documents.latest(document)
    if document is None or last is None or behind(session, key) is None:
        raise EditorError("This translation is not behind English.")
    unchanged_on_disk(document, content_dir)
    english = documents.latest(documents.find(session, key.english))
    assert english is not None
    note = f"Checked against English version {english.number}: it still says the same."
    publication = Publication(note, last.author_name, last.author_id, last.sources,
                              last.review_due)  # fmt: skip
    return publish(session, document, last.text, publication, actor, content_dir, client).number
