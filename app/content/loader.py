"""The content folder: the one place that reads content files from disk."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.content.languages import DEFAULT_LANGUAGE, Language
from app.content.model import ContentError, Library, Recording
from app.content.parse import build_library, load_yaml, parse_article

_LANG = re.compile(r"^[a-z]{2,3}$")
# The recordings reviewers approved, by language and item (app/recordings writes it).
RECORDINGS = "recordings.yaml"


def _read_yaml(path: Path, overrides: Mapping[str, str | None]) -> Any:
    if path.name in overrides:
        return load_yaml(overrides[path.name] or "", path.name)
    if path.name == RECORDINGS and not path.exists():
        return {}
    try:
        return load_yaml(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def suffix(lang: str) -> str:
    """English files have no language in their name: menus.yaml; Welsh: menus.cy.yaml."""
    return "" if lang == DEFAULT_LANGUAGE else f".{lang}"


def languages(content_dir: Path) -> list[str]:
    """English, then every language that has its own prompts file (prompts.cy.yaml), in the
    order of the table (app.content.languages): the language menu's order. A prompts file
    in a language the table does not have stops the line, named, rather than half-working."""
    found = {p.name.split(".")[1] for p in content_dir.glob("prompts.*.yaml")}
    unknown = sorted(lang for lang in found if _LANG.match(lang) and lang not in set(Language))
    if unknown:
        raise ContentError(
            f"prompts.{unknown[0]}.yaml: {unknown[0]!r} is not a language the line knows "
            "(app/content/languages.py)"
        )
    return [lang for lang in Language if lang == DEFAULT_LANGUAGE or lang in found]


def _article_names(content_dir: Path, lang: str, overrides: Mapping[str, str | None]) -> list[str]:
    ending = suffix(lang)
    names = {p.name for p in content_dir.glob(f"*{ending}.md")} | set(overrides)
    dots = 1 if lang == DEFAULT_LANGUAGE else 2
    return sorted(
        name
        for name in names
        if name.endswith(f"{ending}.md")
        and not name.startswith(("_", "README"))
        and name.count(".") == dots
        and overrides.get(name, "") is not None  # a file the override removes
    )


def _text(content_dir: Path, name: str, overrides: Mapping[str, str | None]) -> str:
    given = overrides.get(name)
    return given if given is not None else (content_dir / name).read_text(encoding="utf-8")


def load_library(
    content_dir: Path,
    lang: str = DEFAULT_LANGUAGE,
    overrides: Mapping[str, str | None] | None = None,
) -> Library:
    """Read one language's articles, menus and prompts from the content folder. `overrides`
    (file name to text, or None for a file taken away) shows the line as a draft would make
    it, without writing anything."""
    given = overrides or {}
    articles = [
        parse_article(_text(content_dir, name, given), name)
        for name in _article_names(content_dir, lang, given)
    ]
    ending = suffix(lang)
    library = build_library(
        articles,
        _read_yaml(content_dir / f"menus{ending}.yaml", given),
        _read_yaml(content_dir / f"prompts{ending}.yaml", given),
        lang,
    )
    recorded = recordings(_read_yaml(content_dir / RECORDINGS, given)).get(lang, {})
    return dataclasses.replace(library, recordings=recorded) if recorded else library


def load_libraries(
    content_dir: Path, overrides: Mapping[str, str | None] | None = None
) -> dict[str, Library]:
    """Every language's library, English first."""
    return {lang: load_library(content_dir, lang, overrides) for lang in languages(content_dir)}


def recordings(data: Any) -> dict[str, dict[str, Recording]]:
    """The recordings file's entries: language, then item key, then the recording."""
    found: dict[str, dict[str, Recording]] = {}
    for lang, entries in (data or {}).items() if isinstance(data, dict) else ():
        for key, entry in (entries or {}).items() if isinstance(entries, dict) else ():
            try:
                found.setdefault(str(lang), {})[str(key)] = Recording(
                    words=str(entry["words"]), normal=str(entry["normal"]),
                    slow=str(entry["slow"]), by=str(entry.get("by", "")),
                    approved_by=str(entry.get("approved_by", "")),
                )  # fmt: skip
            except (KeyError, TypeError) as exc:
                raise ContentError(f"{RECORDINGS}: {lang} {key}: {exc} is missing") from exc
    return found
