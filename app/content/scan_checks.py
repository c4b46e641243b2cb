"""The department's scans checked as a whole: none switched on unconfirmed, and which a
language has no words for. Pure; `flask content check` and the editor run them."""

from __future__ import annotations

from collections.abc import Iterable

from app.content.checks import Finding
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import Library
from app.content.procedures import Procedure

# What each finding tells whoever edits the content (its wording is not the control).
UNCONFIRMED = ("This scan is switched on, but nobody in the department has confirmed its "
               "numbers. Put the name of who checked them in 'Confirmed by'.")  # fmt: skip
UNTRANSLATED = ("This scan has no words in this language yet, so callers who chose it do "
                "not hear of it.")  # fmt: skip


def check_procedures(
    procedures: Iterable[Procedure], libraries: Iterable[Library] = ()
) -> list[Finding]:
    """A scan switched on whose numbers nobody in the department has confirmed: refused.
    A scan a language has no words for (libraries loaded with every scan): its callers in
    that language do not hear of it."""
    scans = list(procedures)
    found = [
        Finding("error", DEFAULT_LANGUAGE, str(ItemKey.article(p.id)), "scan-unconfirmed",
                UNCONFIRMED)
        for p in scans
        if p.enabled and not p.confirmed
    ]  # fmt: skip
    for library in libraries:
        found += [
            Finding("warning", library.lang, str(ItemKey.article(p.id)), "scan-untranslated",
                    UNTRANSLATED)
            for p in scans
            if p.id not in library.articles
        ]  # fmt: skip
    return found
