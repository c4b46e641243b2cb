"""Turns an item into what the caller hears: a current audio file, else the same words."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.ask import index_of
from app.audio.items import Item, item_id, spoken_items
from app.audio.manifest import MANIFEST, current_name, playable, read_manifest
from app.audio.names import file_name, item_digest
from app.content.languages import DEFAULT_LANGUAGE, language_tag
from app.content.live import Live
from app.content.loader import load_libraries
from app.content.model import Library


@dataclass(frozen=True)
class Utterance:
    """Words to speak, and the URL of their audio when a current file exists."""

    text: str
    url: str | None = None
    language: str = "en-GB"


def _dir_signature(folder: Path) -> object:
    """Every file's name, time and size, those one folder down too (content/procedures).
    Not the loader's _signature: that one knows nothing for a second after a change (so
    nothing read then is kept), where this must see every change to reload."""
    try:
        found = []
        for entry in os.scandir(folder):
            found.append((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size))
            if entry.is_dir():
                found += [(f"{entry.name}/{e.name}", e.stat().st_mtime_ns, e.stat().st_size)
                          for e in os.scandir(entry.path)]  # fmt: skip
        return sorted(found)
    except OSError:
        return None


def _file_signature(path: Path) -> object:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


_Key = tuple[str, str, bool]
# Content now: its libraries, its items, and (key, lang, slow) -> the item and its words' hash.
_Content = tuple[dict[str, Library], dict[str, Item], dict[_Key, tuple[Item, str]]]


@dataclass(frozen=True)
class _Said:
    """An item as this content and manifest say it: spoken, or played from `path` while that
    file is there and not empty."""

    spoken: Utterance
    played: Utterance | None = None
    path: str = ""


def _indexed(libraries: dict[str, Library]) -> dict[str, Library]:
    """The libraries, each with its index of answers to questions made now, when the content
    is read, so no question waits for one (app.ask)."""
    for library in libraries.values():
        index_of(library)
    return libraries


class Speaker:
    """The content and the manifest as they are now, read from disk without restarts."""

    def __init__(
        self, content_dir: Path, audio_dir: Path, engine: str, audio_url: str, every: float = 2.0
    ) -> None:
        self.audio_dir, self.engine, self._audio_url = audio_dir, engine, audio_url.rstrip("/")
        self._libraries = Live(
            lambda: _indexed(load_libraries(content_dir)),
            lambda: _dir_signature(content_dir),
            every,
        )
        self._manifest: Live[dict[str, Any]] = Live(
            lambda: read_manifest(audio_dir), lambda: _file_signature(audio_dir / MANIFEST), every
        )
        # Each generation kept whole, so a reload never mixes one generation's hashes or
        # files into another: the content's, and the content's with the manifest's.
        self._now: _Content = ({}, {}, {})
        self._said: tuple[dict[str, Library], dict[str, Any], dict[_Key, _Said]] = ({}, {}, {})

    @property
    def libraries(self) -> dict[str, Library]:
        return self._libraries.get()

    @property
    def audio_url(self) -> str:
        return self._audio_url

    @property
    def library(self) -> Library:
        return self.libraries[DEFAULT_LANGUAGE]

    def _current(self, libraries: dict[str, Library]) -> _Content:
        now = self._now
        if now[0] is not libraries:
            now = self._now = (libraries, spoken_items(libraries.values()), {})
        return now

    def items(self) -> dict[str, Item]:
        """Every spoken item for the content as it is now, by id."""
        return self._current(self.libraries)[1]

    def _digest(self, now: _Content, key: _Key) -> tuple[Item, str]:
        _, items, digests = now
        found = digests.get(key)
        if found is None:
            item = items[item_id(*key)]
            found = digests[key] = (item, item_digest(item, self.engine))
        return found

    def _resolve(self, libraries: dict[str, Library], manifest: dict[str, Any], key: _Key) -> _Said:
        item, digest = self._digest(self._current(libraries), key)
        spoken = Utterance(item.text, None, language_tag(item.lang))
        name = current_name(manifest, item.id, digest)
        if name is None and manifest:
            # New words whose audio was made before they were published: the content is
            # read again on its own clock, and may be read before the manifest naming their
            # file. A file named by the hash of these words is theirs. (An unreadable
            # manifest plays nothing, as ever.)
            name = file_name(digest)
        if name is None:
            return _Said(spoken)
        played = Utterance(item.text, f"{self._audio_url}/{name}", spoken.language)
        return _Said(spoken, played, os.path.join(self.audio_dir, name))

    def _generation(self) -> tuple[dict[str, Library], dict[str, Any], dict[_Key, _Said]]:
        libraries, manifest = self.libraries, self._manifest.get()
        said = self._said
        if said[0] is not libraries or said[1] is not manifest:
            said = self._said = (libraries, manifest, {})
        return said

    def generation(self) -> object:
        """The content and the manifest now, as one value that changes whenever either is
        read again: what say() answers depends on nothing else but which files are there."""
        return self._generation()

    def look(
        self, key: str, lang: str = DEFAULT_LANGUAGE, slow: bool = False
    ) -> tuple[Utterance, str]:
        """What say() answers, and the file it looked at ("" when the manifest has none)."""
        libraries, manifest, said = self._generation()
        found = said.get((key, lang, slow))
        if found is None:
            found = said[(key, lang, slow)] = self._resolve(libraries, manifest, (key, lang, slow))
        if found.played is not None and playable(found.path):
            return found.played, found.path
        return found.spoken, found.path

    def say(self, key: str, lang: str = DEFAULT_LANGUAGE, slow: bool = False) -> Utterance:
        """The item's audio if the manifest has a current file for these exact words (and the
        file is there and not empty: it is looked at every time)."""
        return self.look(key, lang, slow)[0]


class Unpublished:
    """Content that is not the published files (a draft, on a reviewer's test call): each
    item played from its content-addressed file once rendered, else spoken. Looked up each
    time, never remembered: it lives for one request."""

    def __init__(self, libraries: dict[str, Library], audio_dir: Path, engine: str,
                 audio_url: str) -> None:  # fmt: skip
        self.libraries, self.audio_dir, self.engine = libraries, audio_dir, engine
        self._audio_url, self._items = audio_url.rstrip("/"), spoken_items(libraries.values())

    def look(
        self, key: str, lang: str = DEFAULT_LANGUAGE, slow: bool = False
    ) -> tuple[Utterance, str]:
        item = self._items[item_id(key, lang, slow)]
        name = file_name(item_digest(item, self.engine))
        path = os.path.join(self.audio_dir, name)
        if playable(path):
            return Utterance(item.text, f"{self._audio_url}/{name}", language_tag(lang)), path
        return Utterance(item.text, None, language_tag(lang)), path

    def transcripts(self) -> dict[str, str]:
        """Each item's file name to its words, so a test phone can show what plays."""
        return {file_name(item_digest(i, self.engine)): i.text for i in self._items.values()}
