"""A particular scan as a draft would make it, in each language: its page's parts, and what
callers hear, word for word. Shown on its edit page (and as the person types), switched on
or not. A change to an English number changes every language's words, so English shows
them all; a translation shows its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.content.languages import DEFAULT_LANGUAGE
from app.content.loader import load_libraries, procedures
from app.content.model import Article, ContentError, Library
from app.content.spoken import intro_text, parts
from app.editor.documents import Key


@dataclass(frozen=True)
class Preview:
    """One language's page and spoken words for the scan."""

    lang: str
    article: Article
    heard: tuple[str, ...]  # the introduction, then each part, as callers hear them
    confirmation: str  # who confirmed the numbers, or that they are to be confirmed

    def as_data(self) -> dict[str, Any]:
        """For the page's script, which shows it again as the person types."""
        a = self.article
        return {
            "lang": self.lang,
            "title": a.title,
            "lead": a.lead,
            "sections": [{"heading": s.heading, "text": s.text} for s in a.sections],
            "confirmation": self.confirmation,
            "heard": list(self.heard),
        }


@dataclass
class ScanPage:
    """What a scan's edit page shows beside its form."""

    previews: list[Preview] = field(default_factory=list)
    numbers_changed: list[str] = field(default_factory=list)  # for the reviewer: old -> new


def _preview(library: Library, slug: str, confirmed: bool) -> Preview | None:
    article = library.articles.get(slug)
    if article is None:
        return None
    heard = (intro_text(library, article), *parts(article))
    # Never on the line unconfirmed: its page would say so, as the shipped drafts do.
    said = article.confirmation if confirmed else library.prompts.get("procedure_to_confirm", "")
    return Preview(library.lang, article, heard, said)


def previews(content_dir: Path, key: Key, text: str) -> list[Preview]:
    """The scan in each language it has words in, as `text` would make it (none while the
    line cannot read it: the checks say why)."""
    overrides = {key.name: text}
    try:
        libraries = load_libraries(content_dir, overrides, every_scan=True)
        scan = next(p for p in procedures(content_dir, overrides) if p.id == key.slug)
    except (ContentError, StopIteration):
        return []
    confirmed = scan.confirmed or scan.development
    langs = list(libraries) if key.lang == DEFAULT_LANGUAGE else [key.lang]
    found = (_preview(libraries[lang], key.slug, confirmed) for lang in langs if lang in libraries)
    return [p for p in found if p is not None]
