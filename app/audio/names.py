"""Content-addressed audio: a file's name is the hash of everything that shapes its sound."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import Protocol

# Bump when the way audio is produced changes, so every file is rendered again.
PIPELINE_VERSION = 1
AUDIO_NAME = re.compile(r"^[0-9a-f]{24}\.mp3$")
# Files an interrupted render or write may leave behind; never served, removed by prune.
TEMPORARY = re.compile(r"^\.(render-.*\.mp3|.*\.tmp)$")
# A render never takes this long, so a temporary file this old was abandoned.
ABANDONED_AFTER = 3600
# What shapes the sound, besides the text, for each engine.
VOICES: dict[str, dict[str, str | int]] = {
    "gtts": {"tld": "co.uk"},
    "espeak": {"voice": "en-gb", "words_per_minute": 150},
}


def normalise(text: str) -> str:
    """Whitespace is not heard, so it does not change the file."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=64)
def _shape(engine: str, lang: str, slow: bool) -> bytes:
    """Everything besides the words that shapes the sound, as canonical bytes."""
    shape = {"engine": engine, "voice": VOICES[engine], "lang": lang, "slow": slow,
             "pipeline": PIPELINE_VERSION}  # fmt: skip
    return json.dumps(shape, sort_keys=True).encode() + b"\0"


def audio_hash(text: str, engine: str, lang: str = "en", slow: bool = False) -> str:
    """The hash of everything that shapes the sound of one item."""
    return hashlib.sha256(_shape(engine, lang, slow) + normalise(text).encode()).hexdigest()[:24]


def file_name(digest: str) -> str:
    return f"{digest}.mp3"


def words_digest(text: str) -> str:
    """What a recording is tied to: exactly these words (whitespace aside)."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()[:16]


def recording_name(data: bytes) -> str:
    """A recording's file name, by its bytes: never the name of a TTS file."""
    return file_name(hashlib.sha256(b"recording\0" + data).hexdigest()[:24])


class Spoken(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def slow(self) -> bool: ...
    @property
    def recording(self) -> str | None: ...


def item_digest(item: Spoken, engine: str) -> str:
    """The digest of the file an item plays: its recording's, or its TTS's."""
    if item.recording:
        return item.recording.removesuffix(".mp3")
    return audio_hash(item.text, engine, item.lang, item.slow)
