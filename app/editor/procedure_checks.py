"""What stops a particular scan's file being published, beyond the line's own checks: a scan
switched on that nobody in the department has confirmed, and a number or switch changed
from the live file without someone named as having confirmed the new ones. And the file as
published: checked today, with a review date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import ContentError
from app.content.procedures import Procedure, parse_procedure
from app.content.scan_checks import check_procedures
from app.editor import documents, yamltext
from app.editor.documents import Key
from app.editor.procedure_words import changes, data_of, department, plain, settings, sources_of
from app.editor.publish import EditorError

# Why a draft that changes the department's numbers cannot go on the line yet; and one that
# says they were confirmed on a day still to come.
FUTURE = "'Confirmed on' is a day still to come: it is set to the day of confirming."
UNCONFIRMED_CHANGE = (
    "A number or a switch differs from the live version ({changed}). Type the name of who "
    "in the department confirmed the new numbers in 'Confirmed by' before it is published."
)


def _parsed(text: str | None, key: Key) -> Procedure | None:
    try:
        return parse_procedure(text or "", key.name, key.slug) if text else None
    except ContentError:
        return None  # the line's own checks say what is wrong with it


def problems(key: Key, text: str, content_dir: Path, today: dt.date) -> list[str]:
    """Why this English file of a scan cannot be published (none: it can). A translation
    holds no numbers: nothing here for it."""
    if key.lang != DEFAULT_LANGUAGE:
        return []
    draft = _parsed(text, key)
    if draft is None:
        return []
    found = [f.message for f in check_procedures([draft])]
    live_text = documents.read(key, content_dir)
    live = _parsed(live_text, key)
    before = settings(data_of(live_text)) if live_text else {}
    after = settings(data_of(text))
    changed = [department(n) for n in after if plain(before.get(n)) != plain(after[n])]
    if not live_text or not changed:
        return found
    stale = (
        live is not None
        and (draft.confirmed_by, draft.confirmed_on) == (live.confirmed_by, live.confirmed_on)
        and draft.confirmed_on != today
    )
    if not draft.confirmed or draft.confirmed_on is None or stale:
        return [UNCONFIRMED_CHANGE.format(changed="; ".join(changed))]  # says what to do
    if draft.confirmed_on > today:
        found.append(FUTURE)
    return found


def numbers_changed(key: Key, text: str, content_dir: Path) -> list[str]:
    """For the reviewer: each number or switch the draft changes, "old -> new"."""
    if key.lang != DEFAULT_LANGUAGE:
        return []
    return changes(documents.read(key, content_dir), text)


def published(
    key: Key, text: str, today: dt.date, due_by: dt.date, what: str = "scan"
) -> tuple[str, str, dt.date | None]:
    """The file (a scan's, or a short answer's: `what`) as published: checked today, due for
    review by `due_by` unless its editor said otherwise; an English file's sources are
    required. The text, its sources and its review date."""
    data = data_of(text)
    if not data:
        return text, "", None  # the line's checks say why it cannot be read
    lines = sources_of(text)
    if key.lang == DEFAULT_LANGUAGE and not lines:
        raise EditorError(f"Say where this {what}'s facts come from (sources) before publishing.")
    data["last_reviewed"] = today
    if data.get("review_due") is None:
        data["review_due"] = due_by
    due = data["review_due"]
    return yamltext.dump(data), lines, due if isinstance(due, dt.date) else None
