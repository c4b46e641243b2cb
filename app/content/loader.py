"""The content folder: the one place that reads content files from disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.content.model import DEFAULT_LANGUAGE, ContentError, Library
from app.content.parse import build_library, load_yaml, parse_article

_LANG = re.compile(r"^[a-z]{2,3}$")


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def suffix(lang: str) -> str:
    """English files have no language in their name: menus.yaml; Welsh: menus.cy.yaml."""
    return "" if lang == DEFAULT_LANGUAGE else f".{lang}"


def languages(content_dir: Path) -> list[str]:
    """English, then every language that has its own prompts file (prompts.cy.yaml)."""
    found = (p.name.split(".")[1] for p in content_dir.glob("prompts.*.yaml"))
    return [DEFAULT_LANGUAGE, *sorted(lang for lang in found if _LANG.match(lang))]


def load_library(content_dir: Path, lang: str = DEFAULT_LANGUAGE) -> Library:
    """Read one language's articles, menus and prompts from the content folder."""
    ending = suffix(lang)
    articles = [
        parse_article(path.read_text(encoding="utf-8"), path.name)
        for path in sorted(content_dir.glob(f"*{ending}.md"))
        if not path.name.startswith(("_", "README"))
        and path.name.count(".") == (1 if lang == DEFAULT_LANGUAGE else 2)
    ]
    return build_library(
        articles,
        _read_yaml(content_dir / f"menus{ending}.yaml"),
        _read_yaml(content_dir / f"prompts{ending}.yaml"),
        lang,
    )


def load_libraries(content_dir: Path) -> dict[str, Library]:
    """Every language's library, English first."""
    return {lang: load_library(content_dir, lang) for lang in languages(content_dir)}
