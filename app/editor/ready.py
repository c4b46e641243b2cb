"""Whether words could be published: the checks that block publishing, run when a draft is
submitted (so its editor hears why) and again when it is approved (the line may have
changed meanwhile)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.editor import procedure_checks
from app.editor.documents import ANSWER, PROCEDURE, Key
from app.editor.fields import fields_of, text_of
from app.editor.procedure_words import sources_of
from app.editor.publish import EditorError
from app.editor.validate import verdict

# A topic's review falls due a year after it is published, unless its editor says sooner.
REVIEW_AFTER = dt.timedelta(days=365)


def final_text(key: Key, text: str, today: dt.date) -> tuple[str, str, dt.date | None]:
    """A topic as published: checked today, due for review in a year unless sooner; its
    sources are required. The text, its sources and its review date. A scan's file and a
    short answer's alike."""
    if key.kind == PROCEDURE:
        return procedure_checks.published(key, text, today, today + REVIEW_AFTER)
    if key.kind == ANSWER:
        return procedure_checks.published(key, text, today, today + REVIEW_AFTER, "answer")
    if key.kind != "topic":
        return text, "", None
    fields = fields_of(text, key.path(Path(".")).name)
    if not fields.sources.strip():
        raise EditorError("Say where this topic's facts come from (sources) before publishing.")
    if not fields.review_due.strip():
        fields.review_due = (today + REVIEW_AFTER).isoformat()
    due = dt.date.fromisoformat(fields.review_due.strip())
    return text_of(fields, text, reviewed=today), fields.sources, due


def named_sources(key: Key, text: str) -> str:
    """The sources a topic's, a scan's or a short answer's file names itself, one a line (""
    for none, or for a file that cannot be read): what a version made from a file as it is
    (an import) keeps."""
    try:
        if key.kind in (PROCEDURE, ANSWER):
            return sources_of(text)
        return fields_of(text, key.path(Path(".")).name).sources if key.kind == "topic" else ""
    except (EditorError, ValueError):
        return ""


def problems(key: Key, text: str, content_dir: Path, base_url: str, today: dt.date) -> list[str]:
    """Everything that stops these words being published (none: they could be)."""
    try:
        final, _, _ = final_text(key, text, today)
    except (EditorError, ValueError) as refused:
        return [str(refused)]
    found = verdict(content_dir, key, final, base_url)
    return [*found.errors, *(f.message for f in found.findings if f.level == "error")]
