"""Which file each document is, and finding or making its record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.content import answers
from app.content.languages import DEFAULT_LANGUAGE, suffix
from app.content.loader import languages
from app.content.procedures import FOLDER, file_name, split_name
from app.editor.models import Document, Version

PROCEDURE = "procedure"
ANSWER = "answer"

# Pages of their own in the editor, so no topic may take these names.
FILES = ("menus", "prompts")
_TOPIC_FILE = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]{0,63})(?:\.(?P<lang>[a-z]{2,3}))?\.md$")


@dataclass(frozen=True)
class Key:
    """A document by what it is: a topic's id, a particular scan's id (kind "procedure"),
    a short answer's id (kind "answer"), or menus or prompts; in one language."""

    kind: str
    lang: str
    slug: str

    @classmethod
    def of(cls, lang: str, slug: str, content_dir: Path | None = None) -> Key:
        """By its address: a scan, or a short answer, when the content folder has its
        English file (a new answer, before it has one: `at`)."""
        if slug in FILES:
            return cls(slug, lang, slug)
        if content_dir is not None and (content_dir / file_name(slug, "")).is_file():
            return cls(PROCEDURE, lang, slug)
        if content_dir is not None and (content_dir / answers.file_name(slug, "")).is_file():
            return cls(ANSWER, lang, slug)
        return cls("topic", lang, slug)

    @property
    def name(self) -> str:
        """The file's name inside the content folder (as load_library's overrides name it)."""
        ending = suffix(self.lang)
        if self.kind == PROCEDURE:
            return file_name(self.slug, ending)
        if self.kind == ANSWER:
            return answers.file_name(self.slug, ending)
        return f"{self.slug}{ending}.md" if self.kind == "topic" else f"{self.slug}{ending}.yaml"

    def path(self, content_dir: Path) -> Path:
        return content_dir / self.name

    @property
    def english(self) -> Key:
        return Key(self.kind, DEFAULT_LANGUAGE, self.slug)

    @property
    def trail(self) -> dict[str, Any]:
        """What the audit trail names it by: a short answer as one, any other file as a
        document; then its language and id."""
        kind = "answer" if self.kind == ANSWER else "document"
        return {"object_type": kind, "object_id": f"{self.lang}/{self.slug}"}


def keys_on_disk(content_dir: Path) -> list[Key]:
    """Every document the content folder has, English first, then by language."""
    langs = languages(content_dir)
    found = [Key(kind, lang, kind) for lang in langs for kind in FILES]
    for path in sorted(content_dir.glob("*.md")):
        match = _TOPIC_FILE.match(path.name)
        if match and not path.name.startswith(("_", "README")):
            lang = match.group("lang") or DEFAULT_LANGUAGE
            if lang in langs:
                found.append(Key("topic", lang, match.group("slug")))
    for path in sorted((content_dir / FOLDER).glob("*.yaml")):
        parts = split_name(path.name)
        if parts and (parts[1] or DEFAULT_LANGUAGE) in langs:
            found.append(Key(PROCEDURE, parts[1] or DEFAULT_LANGUAGE, parts[0]))
    for path in sorted((content_dir / answers.FOLDER).glob("*.yaml")):
        named = answers.split_name(path.name)
        if named and (named[1] or DEFAULT_LANGUAGE) in langs:
            found.append(Key(ANSWER, named[1] or DEFAULT_LANGUAGE, named[0]))
    return sorted(found, key=lambda k: (k.lang != DEFAULT_LANGUAGE, k.lang, k.kind, k.slug))


def at(session: Session, lang: str, slug: str, content_dir: Path) -> Key:
    """The document at this address: as `Key.of` finds it on disk, or a short answer that
    has no file yet (a new one, started in the editor: its English draft says it is one)."""
    key = Key.of(lang, slug, content_dir)
    if key.kind != "topic" or Key("topic", DEFAULT_LANGUAGE, slug).path(content_dir).is_file():
        return key
    new = find(session, Key(ANSWER, DEFAULT_LANGUAGE, slug))
    return Key(ANSWER, lang, slug) if in_use(new) else key


def in_use(document: Document | None) -> bool:
    """Whether the document is being written or was published (not a draft thrown away)."""
    return document is not None and (document.draft is not None or bool(document.versions))


def read(key: Key, content_dir: Path) -> str | None:
    """The file's text as it is on disk now, or None if there is no such file."""
    try:
        return key.path(content_dir).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def find(session: Session, key: Key) -> Document | None:
    return session.scalar(
        select(Document).where(
            Document.kind == key.kind, Document.lang == key.lang, Document.slug == key.slug
        )
    )


def find_or_make(session: Session, key: Key) -> Document:
    document = find(session, key)
    if document is None:
        document = Document(kind=key.kind, lang=key.lang, slug=key.slug)
        session.add(document)
        session.flush()
    return document


def latest(document: Document | None) -> Version | None:
    """The version callers hear now (if the file was not changed by hand since)."""
    return document.versions[-1] if document is not None and document.versions else None


def key_of(document: Document) -> Key:
    return Key(document.kind, document.lang, document.slug)
