"""Everything the edit page of one document shows, gathered in one place for the view."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.content.loader import load_libraries
from app.content.model import Article, ContentError, Library
from app.content.parse import parse_article
from app.editor import (
    answer_form,
    audio,
    documents,
    outside,
    procedure_form,
    translations,
    yamlforms,
)
from app.editor.answer_preview import AnswerPreview, places, preview
from app.editor.documents import ANSWER, PROCEDURE, Key
from app.editor.fields import TopicFields, fields_of
from app.editor.models import Document, Draft, Version
from app.editor.procedure_checks import numbers_changed
from app.editor.procedure_preview import ScanPage, previews
from app.editor.validate import Verdict, verdict


@dataclass
class Page:
    key: Key
    document: Document | None
    draft: Draft | None
    latest: Version | None
    text: str  # the words the form shows: the draft's, else the file's
    verdict: Verdict
    outside: outside.Outside | None
    behind: translations.Behind | None
    changes: list[audio.Change]
    form: Any  # TopicFields, a scan's ProcedureForm, an AnswerForm, or the prompts' or menus'
    preview: Article | None
    scan: ScanPage | None = None
    answer: AnswerPreview | None = None  # a short answer: as heard, and as texted

    @property
    def revision(self) -> int | None:
        return self.draft.revision if self.draft else None


def blank_topic(key: Key) -> str:
    """A new topic's file before anyone has written it."""
    return f"---\nid: {key.slug}\ntitle: ''\nmenu: main\n---\n"


def form_of(key: Key, text: str, content_dir: Path | None = None) -> Any:
    """The form's fields for this document's text (a broken file: the topic's blank form).
    A scan's translation shows the English file's numbers (from `content_dir`)."""
    if key.kind == PROCEDURE:
        english = documents.read(key.english, content_dir) if content_dir else None
        return procedure_form.form_of(text, key.lang, english)
    if key.kind == ANSWER:
        english = documents.read(key.english, content_dir) if content_dir else None
        found = places(content_dir) if content_dir else ()
        return answer_form.form_of(text, key.lang, english, found)
    try:
        if key.kind == "prompts":
            return yamlforms.prompt_fields(text)
        if key.kind == "menus":
            return yamlforms.menu_fields(text)
        return fields_of(text, key.path(Path(".")).name)
    except ContentError:
        return [] if key.kind != "topic" else TopicFields(id=key.slug)


def _preview(key: Key, text: str) -> Article | None:
    if key.kind != "topic":
        return None
    try:
        return parse_article(text, key.slug)
    except ContentError:
        return None


def gather(
    session: Session,
    key: Key,
    content_dir: Path,
    base_url: str,
    audio_dir: Path,
    engine: str,
    text: str | None = None,
) -> Page:
    """The page for `key`, showing `text` (what was just typed) or the draft or the file."""
    document = documents.find(session, key)
    draft = document.draft if document else None
    on_disk = documents.read(key, content_dir)
    shown = text if text is not None else (draft.text if draft else on_disk)
    if shown is None:
        shown = blank_topic(key) if key.kind == "topic" else ""
    found = verdict(content_dir, key, shown, base_url)
    changes: list[audio.Change] = []
    if draft is not None and found.libraries:
        published = _published(content_dir)
        changes = audio.changes(published, found.libraries, audio_dir, engine)
    return Page(
        key=key,
        document=document,
        draft=draft,
        latest=documents.latest(document),
        text=shown,
        verdict=found,
        outside=outside.changed(session, key, content_dir),
        behind=translations.behind(session, key),
        changes=changes,
        form=form_of(key, shown, content_dir),
        preview=_preview(key, shown),
        scan=_scan(key, shown, content_dir, draft),
        answer=preview(key, shown, content_dir, base_url) if key.kind == ANSWER else None,
    )


def _scan(key: Key, text: str, content_dir: Path, draft: Draft | None) -> ScanPage | None:
    if key.kind != PROCEDURE:
        return None
    changed = numbers_changed(key, draft.text, content_dir) if draft is not None else []
    return ScanPage(previews(content_dir, key, text), changed)


def _published(content_dir: Path) -> dict[str, Library]:
    try:
        return load_libraries(content_dir)
    except ContentError:
        return {}
