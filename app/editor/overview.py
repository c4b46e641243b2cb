"""The content dashboard: one row per topic (and the menus and prompts, each of the
department's scans, on or off, and each short answer, a new one's draft too), a column per
language: its published version, a draft waiting, review due, behind English, audio."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audio.status import item_states
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.loader import languages, load_libraries, procedures
from app.content.model import ContentError
from app.content.procedures import Procedure
from app.content.reviews import review_state
from app.editor import documents, outside, translations
from app.editor.answer_preview import places
from app.editor.documents import ANSWER, FILES, PROCEDURE, Key
from app.editor.models import Document
from app.editor.procedure_words import data_of
from app.services import services


@dataclass
class Cell:
    """One document: a topic (or the menus, the prompts) in one language."""

    key: Key
    exists: bool
    version: int | None = None
    draft: str | None = None  # draft, submitted, sent_back
    behind: bool = False
    outside: bool = False
    review_due: dt.date | None = None
    review: str = ""  # "", soon, overdue
    audio: dict[str, int] = field(default_factory=dict)  # fresh / not yet: counts


@dataclass
class Row:
    slug: str
    title: str
    cells: dict[str, Cell]
    scan: str = ""  # one of the department's scans: on or off, and who confirmed it
    answer: str = ""  # a short answer: where more is (the topic's or scan's title)


def _scans(content_dir: Path) -> dict[str, Procedure]:
    try:
        return {p.id: p for p in procedures(content_dir)}
    except ContentError:
        return {}  # the checks name the file


def _state(scan: Procedure | None) -> str:
    if scan is None:
        return "cannot be read: open it to see why"
    state = "on" if scan.live else "off"
    if not scan.confirmed:
        return f"{state}, numbers not confirmed"
    on = f" on {scan.confirmed_on:%-d %B %Y}" if scan.confirmed_on else ""
    return f"{state}, numbers confirmed by {scan.confirmed_by}{on}"


def _answers(session: Session, content_dir: Path, keys: list[Key]) -> dict[str, tuple[str, str]]:
    """Each short answer, in the content folder or a new one's draft: its question, and
    where more is."""
    slugs = {k.slug for k in keys if k.kind == ANSWER}
    new = select(Document).where(Document.kind == ANSWER, Document.lang == DEFAULT_LANGUAGE)
    slugs |= {d.slug for d in session.scalars(new) if documents.in_use(d)}
    titles = {p.id: p.title for p in places(content_dir)} if slugs else {}
    found = {}
    for slug in sorted(slugs):
        key = Key(ANSWER, DEFAULT_LANGUAGE, slug)
        document = documents.find(session, key)
        draft = document.draft.text if document and document.draft else ""
        data = data_of(documents.read(key, content_dir) or draft)
        more = " ".join(str(data.get("more") or "").split())
        question = " ".join(str(data.get("question") or "").split()) or slug
        found[slug] = (question, titles.get(more, more or "not chosen yet"))
    return found


def _due(key: Key, content_dir: Path) -> dt.date | None:
    """A short answer's review date, as its file in this language says it."""
    due = data_of(documents.read(key, content_dir)).get("review_due")
    return due if isinstance(due, dt.date) else None


def _audio() -> dict[tuple[str, str], Counter[str]]:
    """Fresh and not-yet counts of each topic's items, by language (from the manifest)."""
    line = services()
    found: dict[tuple[str, str], Counter[str]] = {}
    items = line.speaker.items()
    for state in item_states(items, line.speaker.audio_dir, line.speaker.engine, None):
        document = ItemKey.parse(state.item.key).document
        counted = found.setdefault((state.item.lang, document), Counter())
        counted["fresh" if state.state == "fresh" else "waiting"] += 1
    return found


def rows(
    session: Session, content_dir: Path, today: dt.date | None = None, audio: bool = True
) -> list[Row]:
    """Every topic's row; `audio=False` leaves out the audio counts (no app needed)."""
    today = today or dt.date.today()
    try:
        libraries = load_libraries(content_dir)
    except ContentError:
        libraries = {}
    langs = languages(content_dir)
    keys = documents.keys_on_disk(content_dir)
    scans = _scans(content_dir)
    slugs = sorted({k.slug for k in keys if k.kind == "topic"}) + list(FILES)
    slugs += sorted({k.slug for k in keys if k.kind == PROCEDURE})
    answers = _answers(session, content_dir, keys)
    slugs += list(answers)
    sounds = _audio() if audio else {}
    found = []
    for slug in slugs:
        english = libraries.get(DEFAULT_LANGUAGE)
        article = english.articles.get(slug) if english else None
        title = (
            article.title if article else {"menus": "Menus", "prompts": "Prompts"}.get(slug, slug)
        )
        if slug in scans:
            title = scans[slug].english.name
        title = answers[slug][0] if slug in answers else title
        cells = {}
        for lang in langs:
            key = Key(ANSWER, lang, slug) if slug in answers else Key.of(lang, slug, content_dir)
            document = documents.find(session, key)
            last = documents.latest(document)
            library = libraries.get(lang)
            topic = library.articles.get(slug) if library else None
            due = _due(key, content_dir) if slug in answers else topic.review_due if topic else None
            cells[lang] = Cell(
                key=key,
                exists=key in keys,
                version=last.number if last else None,
                draft=document.draft.status if document and document.draft else None,
                behind=translations.behind(session, key) is not None,
                outside=outside.changed(session, key, content_dir) is not None,
                review_due=due,
                review=review_state(due, today),
                audio=dict(sounds.get((lang, slug), Counter())),
            )
        kind = cells[langs[0]].key.kind if langs else ""
        scan = _state(scans.get(slug)) if kind == PROCEDURE else ""
        found.append(Row(slug, title, cells, scan, answers[slug][1] if slug in answers else ""))
    return found
