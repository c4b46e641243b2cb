"""The short answers a language's callers are offered, read from the content folder: those
whose topic or scan is in that language's library (app.content.answers has the format)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path

from app.content.answers import (
    FOLDER,
    ShortAnswer,
    file_name,
    parse_answer,
    parse_answer_translation,
    split_name,
)
from app.content.english_files import english_files
from app.content.languages import DEFAULT_LANGUAGE, suffix
from app.content.model import Library


def answer_names(content_dir: Path, overrides: Mapping[str, str | None] | None = None) -> list[str]:
    """The English file of every short answer, as its name in the content folder."""
    return english_files(content_dir, FOLDER, split_name, overrides)


def served(
    content_dir: Path,
    lang: str,
    given: Mapping[str, str | None],
    library: Library,
    read: Callable[[str], str | None],
) -> dict[str, ShortAnswer]:
    """The short answers in this language whose topic or scan callers of it are offered (an
    answer about a scan the department does not do, or not in this language, is not served)."""
    found = {}
    for name in answer_names(content_dir, given):
        text = read(name)
        if text is None:
            continue
        answer_id = name.rpartition("/")[2].removesuffix(".yaml")
        answer = parse_answer(text, name, answer_id)
        if lang != DEFAULT_LANGUAGE:
            translated = file_name(answer_id, suffix(lang))
            words = read(translated)
            if words is None:
                continue
            answer = dataclasses.replace(answer, words=parse_answer_translation(words, translated))
        article = library.articles.get(answer.more)
        if article is None or (answer.section and answer.section not in article.section_names):
            continue
        found[answer_id] = answer
    return found
