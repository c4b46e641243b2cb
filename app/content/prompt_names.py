"""Prompt names across languages: each language has every prompt English has, or the line
would have no words for something (a caller's silence, a page's missing heading). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import Library

# The public web pages' own words (headings, buttons, the footer): read, never said.
PAGE_PROMPTS = "page_"


def untranslated(libraries: Iterable[Library]) -> Iterator[tuple[str, str, str]]:
    """(language, item, message) for each prompt English has and another language lacks."""
    found = {library.lang: library for library in libraries}
    english = found.get(DEFAULT_LANGUAGE)
    if english is None:
        return
    for lang, library in found.items():
        for name in sorted(set(english.prompts) - set(library.prompts)):
            where = "the web pages" if name.startswith(PAGE_PROMPTS) else "the line"
            yield (
                lang,
                str(ItemKey.prompt(name)),
                f'The prompt "{name}" is in English but not in this language, so {where} '
                "would have no words for it here. Add it to this language's prompts.",
            )
