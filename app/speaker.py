"""Turns an item key into what the caller hears: a current audio file, else the same words."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.audiofiles import MANIFEST, audio_hash, current_file, read_manifest
from app.content import Library, load_library
from app.live import Live
from app.spoken import spoken_items


@dataclass(frozen=True)
class Utterance:
    """Words to speak, and the URL of their audio when a current file exists."""

    text: str
    url: str | None = None


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


class Speaker:
    def __init__(
        self, content_dir: Path, audio_dir: Path, engine: str, audio_url: str, every: float = 2.0
    ) -> None:
        self.audio_dir, self.engine, self._audio_url = audio_dir, engine, audio_url.rstrip("/")
        self._library = Live(
            lambda: load_library(content_dir), lambda: _dir_signature(content_dir), every
        )
        self._manifest: Live[dict[str, Any]] = Live(
            lambda: read_manifest(audio_dir), lambda: _file_signature(audio_dir / MANIFEST), every
        )
        self._items: tuple[Library, dict[str, str]] | None = None

    @property
    def library(self) -> Library:
        return self._library.get()

    def items(self) -> dict[str, str]:
        """Every spoken item for the content as it is now."""
        library = self.library
        if self._items is None or self._items[0] is not library:
            self._items = (library, spoken_items(library))
        return self._items[1]

    def say(self, key: str) -> Utterance:
        """The item's audio if the manifest has a current file for these exact words."""
        text = self.items()[key]
        name = current_file(
            self._manifest.get(), self.audio_dir, key, audio_hash(text, self.engine)
        )
        return Utterance(text, f"{self._audio_url}/{name}" if name else None)
