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
from app.editor import answer_checks, documents, procedure_checks
from app.editor.documents import ANSWER, PROCEDURE, Key


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
    Nothing is written. A scan's words are checked whether it is switched on or not; a
    short answer's, whether the line serves it yet or not."""
    try:
        published = load_libraries(content_dir)
    except ContentError:
        published = {}
    scan = key.kind == PROCEDURE
    try:
        same = bool(published) and text == documents.read(key, content_dir)  # the file as it is
        libraries = published if same else load_libraries(content_dir, {key.name: text})
        checked = load_libraries(content_dir, {key.name: text}, every_scan=True) if scan else {}
    except ContentError as exc:
        return Verdict(errors=(str(exc),))
    library = (checked or libraries).get(key.lang)
    if library is None:
        return Verdict(errors=(f"There is no {key.lang} language on the line.",))
    today = dt.date.today()
    errors = _prompt_errors(library, published) if key.kind == "prompts" else []
    if scan and text is not None:
        errors += procedure_checks.problems(key, text, content_dir, today)
    findings = [
        f
        for f in check_library(library, base_url, today, key.slug)
        if ItemKey.parse(f.item).document == key.slug  # the findings about this document
    ]
    if key.kind == ANSWER and text is not None:
        errors += answer_checks.problems(key, text, content_dir)
        findings += answer_checks.warnings(key, text, content_dir)
    return Verdict(tuple(errors), tuple(findings), libraries)
