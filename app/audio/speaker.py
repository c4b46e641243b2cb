"""Turns an item into what the caller hears: a current audio file, else the same words."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.audio.items import Item, item_id, spoken_items
from app.audio.manifest import MANIFEST, current_file, read_manifest
from app.audio.names import audio_hash
from app.content.live import Live
from app.content.loader import load_libraries
from app.content.model import DEFAULT_LANGUAGE, Library

# The language tag Twilio's <Say> and speech recognition use for each content language.
LANGUAGE_TAGS = {"en": "en-GB", "cy": "cy-GB", "pl": "pl-PL"}


def language_tag(lang: str) -> str:
    return LANGUAGE_TAGS.get(lang, lang)


@dataclass(frozen=True)
class Utterance:
    """Words to speak, and the URL of their audio when a current file exists."""

    text: str
    url: str | None = None
    language: str = "en-GB"


def _dir_signature(folder: Path) -> object:
    try:
        return sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(folder))
    except OSError:
        return None


def _file_signature(path: Path) -> object:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


_Key = tuple[str, str, bool]


class Speaker:
    """The content and the manifest as they are now, read from disk without restarts."""

    def __init__(
        self, content_dir: Path, audio_dir: Path, engine: str, audio_url: str, every: float = 2.0
    ) -> None:
        self.audio_dir, self.engine, self._audio_url = audio_dir, engine, audio_url.rstrip("/")
        self._libraries = Live(
            lambda: load_libraries(content_dir), lambda: _dir_signature(content_dir), every
        )
        self._manifest: Live[dict[str, Any]] = Live(
            lambda: read_manifest(audio_dir), lambda: _file_signature(audio_dir / MANIFEST), every
        )
        # The content now: its items, and (key, lang, slow) -> the item and its words' hash,
        # kept together so a reload never mixes one generation's hashes into another.
        self._now: tuple[dict[str, Library], dict[str, Item], dict[_Key, tuple[Item, str]]]
        self._now = ({}, {}, {})

    @property
    def libraries(self) -> dict[str, Library]:
        return self._libraries.get()

    @property
    def library(self) -> Library:
        return self.libraries[DEFAULT_LANGUAGE]

    def _current(self) -> tuple[dict[str, Library], dict[str, Item], dict[_Key, tuple[Item, str]]]:
        libraries = self.libraries
        now = self._now
        if now[0] is not libraries:
            now = self._now = (libraries, spoken_items(libraries.values()), {})
        return now

    def items(self) -> dict[str, Item]:
        """Every spoken item for the content as it is now, by id."""
        return self._current()[1]

    def _digest(self, key: str, lang: str, slow: bool) -> tuple[Item, str]:
        _, items, digests = self._current()
        found = digests.get((key, lang, slow))
        if found is None:
            item = items[item_id(key, lang, slow)]
            found = digests[(key, lang, slow)] = (
                item,
                audio_hash(item.text, self.engine, item.lang, item.slow),
            )
        return found

    def say(self, key: str, lang: str = DEFAULT_LANGUAGE, slow: bool = False) -> Utterance:
        """The item's audio if the manifest has a current file for these exact words (and the
        file is there: it is looked at every time)."""
        item, digest = self._digest(key, lang, slow)
        name = current_file(self._manifest.get(), self.audio_dir, item.id, digest)
        url = f"{self._audio_url}/{name}" if name else None
        return Utterance(item.text, url, language_tag(item.lang))
