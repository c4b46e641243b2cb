"""What stops a short answer being published, beyond the line reading it (its words, at most
60 of them): its id taken by a topic or a scan, a topic or scan for more that the line does
not have, a translation before its English. A scan switched off is allowed, with a warning:
the answer is not served until the scan is on. And the file as published: checked today,
with a review date; an English answer names its sources."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.orm import Session

from app.content.answers import parse_answer, parse_answer_translation
from app.content.checks import Finding
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import ContentError
from app.content.procedures import file_name as scan_file
from app.editor import documents
from app.editor.answer_preview import places
from app.editor.documents import ANSWER, FILES, Key
from app.editor.procedure_words import data_of

# An answer's id: as a topic's, with a letter in it (it is a file's name and a page's word).
ID = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{0,63}$")
NO_ENGLISH = "Publish the English short answer first: a translation is served with it."
OFF = "{title} is switched off: this answer is not served until the scan is on."


def taken(content_dir: Path, slug: str, session: Session | None = None) -> str | None:
    """Why a new short answer may not have this id (None: it may)."""
    if not ID.match(slug) or slug in FILES:
        return (
            "An answer's id is lower-case letters, digits and hyphens, with a letter in it, "
            "such as eating-before-a-scan (and not menus or prompts)."
        )
    if Key("topic", DEFAULT_LANGUAGE, slug).path(content_dir).is_file():
        return f"A topic has the id {slug} already: choose another for the short answer."
    if (content_dir / scan_file(slug, "")).is_file():
        return f"One of the department's scans has the id {slug}: choose another."
    if session is not None:
        if documents.in_use(documents.find(session, Key("topic", DEFAULT_LANGUAGE, slug))):
            return f"A new topic is being written as {slug}: choose another id."
        kind = documents.at(session, DEFAULT_LANGUAGE, slug, content_dir).kind
        if kind == ANSWER:
            return f"There is a short answer {slug} already: open it from the list."
    return None


def problems(key: Key, text: str, content_dir: Path) -> list[str]:
    """Why this answer's file cannot be published (none: it can)."""
    if key.lang != DEFAULT_LANGUAGE:
        if documents.read(key.english, content_dir) is None:
            return [NO_ENGLISH]
        try:
            parse_answer_translation(text, key.name)
        except ContentError as exc:
            return [str(exc)]
        return []
    try:
        answer = parse_answer(text, key.name, key.slug)
    except ContentError as exc:
        return [str(exc)]
    found = []
    topic = Key("topic", DEFAULT_LANGUAGE, key.slug).path(content_dir)
    if topic.is_file() or (content_dir / scan_file(key.slug, "")).is_file():
        found.append(f"A topic or a scan has the id {key.slug}: a short answer needs its own.")
    place = next((p for p in places(content_dir) if p.id == answer.more), None)
    if place is None:
        found.append(
            f"For more, '{answer.more}' is no topic or scan the line has: choose one from the list."
        )
    elif answer.section and not place.scan:
        found.append(
            f"{place.title} is a topic: a part (before, on the day...) is for a scan only."
        )
    return found


def warnings(key: Key, text: str, content_dir: Path) -> list[Finding]:
    """Advice that does not stop publishing: an answer about a scan that is switched off."""
    if key.lang != DEFAULT_LANGUAGE:
        return []
    try:
        more = parse_answer(text, key.name, key.slug).more
    except ContentError:
        return []
    place = next((p for p in places(content_dir) if p.id == more and p.scan), None)
    if place is None or place.on:
        return []
    return [Finding("warning", key.lang, str(ItemKey.answer(key.slug)), "answer-scan-off",
                    OFF.format(title=place.title))]  # fmt: skip


def words_of(text: str) -> str:
    """What a translation follows of its English: the question and the answer (the ways of
    asking are each language's own)."""
    data = data_of(text)
    return "\n".join(" ".join(str(data.get(n) or "").split()) for n in ("question", "answer"))
