"""A draft as the line would read it: the errors that stop it being published, and the
checks the admin already runs (reading age, sentences for the ear, texts that fit...)."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from pathlib import Path

from app.content.checks import Finding, check_library
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.loader import load_libraries
from app.content.model import ContentError, Library
from app.editor.documents import Key


@dataclass(frozen=True)
class Verdict:
    """What a draft would do to the line: errors stop publishing; findings are advice (an
    error-level finding also stops it)."""

    errors: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    libraries: dict[str, Library] = field(default_factory=dict, compare=False, repr=False)

    @property
    def publishable(self) -> bool:
        return not self.errors and not any(f.level == "error" for f in self.findings)


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"(a brace that is not closed)"}


def _prompt_errors(draft: Library, published: dict[str, Library]) -> list[str]:
    """Every prompt the line says must be there, with the same {gaps} the line fills in."""
    english = published.get(DEFAULT_LANGUAGE)
    if english is None:
        return []
    errors = []
    missing = sorted(set(english.prompts) - set(draft.prompts))
    if missing:
        errors.append(f"These prompts are missing, and the line says them: {', '.join(missing)}.")
    for name, text in draft.prompts.items():
        wanted = _placeholders(english.prompts.get(name, text))
        if name in english.prompts and _placeholders(text) != wanted:
            gaps = ", ".join("{" + g + "}" for g in sorted(wanted)) or "none"
            errors.append(f'The prompt "{name}" must keep its gaps for the line to fill: {gaps}.')
    return errors


def verdict(content_dir: Path, key: Key, text: str | None, base_url: str) -> Verdict:
    """The line with this document's text in place of the file's (None: without the file).
    Nothing is written."""
    path = key.path(content_dir)
    try:
        published = load_libraries(content_dir)
    except ContentError:
        published = {}
    try:
        libraries = load_libraries(content_dir, {path.name: text})
    except ContentError as exc:
        return Verdict(errors=(str(exc),))
    library = libraries.get(key.lang)
    if library is None:
        return Verdict(errors=(f"There is no {key.lang} language on the line.",))
    errors = _prompt_errors(library, published) if key.kind == "prompts" else []
    findings = tuple(
        f
        for f in check_library(library, base_url, dt.date.today())
        if ItemKey.parse(f.item).document == key.slug  # the findings about this document
    )
    return Verdict(tuple(errors), findings, libraries)
