"""What every editor page reads from its request: the document its address names (and what
staff call it), a whole number or a reviewer's `Seen` from its form, the form as typed."""

from __future__ import annotations

import re
from pathlib import Path

from flask import abort, request

from app.content.loader import languages, load_libraries
from app.content.model import ContentError
from app.db.session import db_session
from app.editor import documents
from app.editor.documents import ANSWER, FILES, Key
from app.editor.reviewed import Seen
from app.services import services

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def content_dir() -> Path:
    return services().settings.content_dir


def document_key(lang: str, slug: str) -> Key:
    """The document at this address, or 404."""
    if lang not in languages(content_dir()) or not SLUG.fullmatch(slug):
        abort(404)
    return documents.at(db_session(), lang, slug, content_dir())


def title_of(key: Key) -> str:
    """What staff call the document: a topic's or scan's title, a short answer's question,
    "Menus" or "Prompts"; its id in words when the content cannot be read."""
    if key.slug in FILES:
        return key.slug.capitalize()
    try:
        library = load_libraries(content_dir(), every_scan=True).get(key.lang)
    except ContentError:
        library = None
    if library is not None and key.kind == ANSWER and key.slug in library.answers:
        return library.answers[key.slug].question
    if library is not None and key.kind != ANSWER and key.slug in library.articles:
        return library.articles[key.slug].title
    return key.slug.replace("-", " ").capitalize()


def whole(given: str) -> int | None:
    """A whole number as a form sends one (ASCII digits only), else None."""
    return int(given) if re.fullmatch(r"[0-9]{1,9}", given) else None


def form() -> dict[str, str]:
    """The form as typed, less NUL characters (no database keeps them in text)."""
    return {name: value.replace("\x00", "") for name, value in request.form.items()}


def seen(number_field: str) -> Seen | None:
    """What the page the form came from showed (None: it did not say, or not as ours do)."""
    return Seen.parse(request.form.get(number_field, ""), request.form.get("digest", ""))
