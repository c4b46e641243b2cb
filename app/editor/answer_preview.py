"""What a short answer's edit page shows beside its form: the topics and scans it may send a
caller to for more, and what the answer sounds like on the phone and reads like by text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.content.answers import ShortAnswer, parse_answer
from app.content.languages import DEFAULT_LANGUAGE
from app.content.links import article_link
from app.content.loader import load_libraries, procedures
from app.content.model import ContentError
from app.content.spoken import guess_text
from app.content.wording import gsm7, segments
from app.editor import documents
from app.editor.answer_form import Place
from app.editor.documents import Key


def places(content_dir: Path) -> tuple[Place, ...]:
    """Every topic the line has, by title, then every one of the department's scans, on or
    off, by name (none while the line cannot read its files: the checks say why)."""
    try:
        english = load_libraries(content_dir, every_scan=True).get(DEFAULT_LANGUAGE)
        scans = procedures(content_dir)
    except ContentError:
        return ()
    articles = english.articles.values() if english else ()
    topics = sorted((a for a in articles if not a.is_procedure), key=lambda a: a.title.lower())
    return (
        *(Place(a.id, a.title) for a in topics),
        *(Place(p.id, p.english.name, scan=True, on=p.live) for p in scans),
    )


def english_answer(key: Key, text: str, content_dir: Path) -> ShortAnswer | None:
    """The English answer this document is, or goes with (a translation: the file's)."""
    english = text if key.lang == DEFAULT_LANGUAGE else documents.read(key.english, content_dir)
    try:
        return parse_answer(english or "", key.english.name, key.slug) if english else None
    except ContentError:
        return None  # the checks say why


@dataclass(frozen=True)
class AnswerPreview:
    """The answer as a caller hears it, and as a texter gets it (with the page for more)."""

    heard: str
    texted: str
    texts: int  # how many text messages it takes
    served: bool  # the line gives it now: its topic or scan is there for this language
    named: str = ""  # how the line names it, as a choice, when it is not sure of it


def preview(key: Key, text: str, content_dir: Path, base_url: str) -> AnswerPreview | None:
    """What the draft's answer says, in its own language (None while it cannot be read)."""
    overrides = {key.name: text}
    english = english_answer(key, text, content_dir)
    if english is None:
        return None
    try:
        library = load_libraries(content_dir, overrides, every_scan=True).get(key.lang)
        served = load_libraries(content_dir, overrides).get(key.lang)
    except ContentError:
        return None
    found = library.answers.get(key.slug) if library else None
    if library is None or found is None:
        return None
    link = article_link(base_url, found.more, key.lang)
    said = library.prompts.get("sms_answer", "{answer} {link}")  # as the line texts it
    texted = gsm7(said.format(answer=found.answer, link=link))
    named = guess_text(library, found.more, answer=found.id)
    live = served is not None and key.slug in served.answers
    return AnswerPreview(found.answer, texted, segments(texted), live, named)
