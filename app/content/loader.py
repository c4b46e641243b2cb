"""The content folder: the one place that reads content files from disk."""

from __future__ import annotations

import dataclasses
import os
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from app.content import answers as short
from app.content.english_files import english_files
from app.content.languages import DEFAULT_LANGUAGE, Language, suffix
from app.content.model import ContentError, Library, Recording
from app.content.parse import build_library, load_yaml, parse_article
from app.content.procedures import (
    FOLDER,
    Procedure,
    file_name,
    parse_procedure,
    parse_translation,
    split_name,
)
from app.content.scan_words import article as scan_article
from app.content.served_answers import served

T = TypeVar("T")
_LANG = re.compile(r"^[a-z]{2,3}$")
# The recordings reviewers approved, by language and item (app/recordings writes it).
RECORDINGS = "recordings.yaml"
# What was last read from a few folders (their libraries, their scans), with the state of
# their files then: (folder, what) -> (the state, the value).
_LOADED: dict[tuple[str, object], tuple[tuple[object, ...], Any]] = {}
_KEEP = 24


def _read_yaml(path: Path, overrides: Mapping[str, str | None]) -> Any:
    if path.name in overrides:
        return load_yaml(overrides[path.name] or "", path.name)
    if path.name == RECORDINGS and not path.exists():
        return {}
    try:
        return load_yaml(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


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
    every_scan: bool = False,
) -> Library:
    """Read one language's articles, menus and prompts from the content folder. `overrides`
    (file name to text, or None for a file taken away) shows the line as a draft would make
    it, without writing anything. The department's scans are in it when they are switched
    on and confirmed; `every_scan` puts in the others too (to check their words)."""
    given = overrides or {}
    articles = [
        parse_article(_text(content_dir, name, given), name)
        for name in _article_names(content_dir, lang, given)
    ]
    ending = suffix(lang)
    prompts = _read_yaml(content_dir / f"prompts{ending}.yaml", given)
    clean = {str(k): " ".join(str(v).split()) for k, v in prompts.items()}
    scans = []
    for procedure in procedures(content_dir, given):
        if not (procedure.live or every_scan):
            continue
        wording = procedure.english
        if lang != DEFAULT_LANGUAGE:
            name = file_name(procedure.id, ending)
            text = _maybe_text(content_dir, name, given)
            if text is None:
                continue  # not in this language yet: callers of it hear the others'
            wording = parse_translation(text, name)
        scans.append(scan_article(procedure, wording, clean, lang))
    library = build_library(
        articles, _read_yaml(content_dir / f"menus{ending}.yaml", given), prompts, lang, scans
    )
    recorded = recordings(_read_yaml(content_dir / RECORDINGS, given)).get(lang, {})
    found = served(content_dir, lang, given, library, lambda n: _maybe_text(content_dir, n, given))
    return dataclasses.replace(library, recordings=recorded, answers=found)


def _maybe_text(content_dir: Path, name: str, overrides: Mapping[str, str | None]) -> str | None:
    if name in overrides:
        return overrides[name]
    try:
        return (content_dir / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def procedure_names(
    content_dir: Path, overrides: Mapping[str, str | None] | None = None
) -> list[str]:
    """The English file of every scan, as its name in the content folder (procedures/x.yaml)."""
    return english_files(content_dir, FOLDER, split_name, overrides)


def procedures(
    content_dir: Path, overrides: Mapping[str, str | None] | None = None
) -> list[Procedure]:
    """Every scan the content folder has, on or off, in the department's order."""
    given = {n: t for n, t in _changes(content_dir, overrides).items() if n.startswith(FOLDER)}
    if not given:
        return list(_kept(content_dir, FOLDER, lambda: _procedures(content_dir, {})))
    return _procedures(content_dir, given)


def _procedures(content_dir: Path, given: Mapping[str, str | None]) -> list[Procedure]:
    found = []
    for name in procedure_names(content_dir, given):
        text = _maybe_text(content_dir, name, given)
        if text is not None:
            procedure_id = name.rpartition("/")[2].removesuffix(".yaml")
            found.append(parse_procedure(text, name, procedure_id))
    return sorted(found, key=lambda p: (p.order, p.english.name.lower()))


def _signature(content_dir: Path) -> tuple[object, ...] | None:
    """Each file's name, inode, size and times; None while one changed in the last second (a
    file written twice in one tick of the clock keeps its times: git's "racy" files)."""
    found: list[object] = []
    settled = time.time_ns() - 1_000_000_000
    for folder in (content_dir, content_dir / FOLDER, content_dir / short.FOLDER):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    st = entry.stat()
                    if st.st_ctime_ns > settled:  # any change to a file sets its ctime
                        return None
                    found.append(
                        (entry.name, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                    )
        except OSError:
            found.append(folder)
    return tuple(found)


def _kept(content_dir: Path, what: object, load: Callable[[], T]) -> T:
    """`load()`, or what it gave last time if no file in the folder has changed since (the
    editor's pages ask on every view: their cost must not grow with the content)."""
    signature = _signature(content_dir)
    kept = _LOADED.get(key := (str(content_dir), what))
    if signature is not None and kept is not None and kept[0] == signature:
        return cast(T, kept[1])
    value = load()
    if signature is not None:
        if len(_LOADED) >= _KEEP:
            _LOADED.clear()
        _LOADED[key] = (signature, value)
    return value


def _changes(
    content_dir: Path, overrides: Mapping[str, str | None] | None
) -> dict[str, str | None]:
    """The overrides that change something: not a file's own text."""
    return {n: t for n, t in (overrides or {}).items() if t != _maybe_text(content_dir, n, {})}


def load_libraries(
    content_dir: Path,
    overrides: Mapping[str, str | None] | None = None,
    every_scan: bool = False,
) -> dict[str, Library]:
    """Every language's library, English first; read once for each state of the folder's
    files, unless an override changes one."""
    given = _changes(content_dir, overrides)

    def load() -> dict[str, Library]:
        return {lang: load_library(content_dir, lang, given, every_scan)
                for lang in languages(content_dir)}  # fmt: skip

    return dict(load() if given else _kept(content_dir, ("libraries", every_scan), load))


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
