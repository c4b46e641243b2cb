"""Content-addressed audio names and the manifest that says which file is current.

Shared by the web app (to decide <Play> or <Say>) and the workers (to write).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Bump when the way audio is produced changes, so every file is rendered again.
PIPELINE_VERSION = 1
MANIFEST = "manifest.json"
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


def _read(audio_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((audio_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def read_manifest(audio_dir: Path) -> dict[str, Any]:
    """The manifest's items; an absent or damaged manifest means nothing is current."""
    return _section(_read(audio_dir), "items")


@contextlib.contextmanager
def _locked(audio_dir: Path) -> Iterator[None]:
    with open(audio_dir / ".manifest.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes) -> None:
    """Write beside the target, fsync, then rename: readers see old or new, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _save(audio_dir: Path, items: dict[str, Any], retired: dict[str, Any]) -> None:
    body = {"version": PIPELINE_VERSION, "items": items, "retired": retired}
    atomic_write(audio_dir / MANIFEST, json.dumps(body, indent=1, sort_keys=True).encode())


def update_manifest(audio_dir: Path, key: str, entry: dict[str, Any]) -> None:
    """Record one item's current file, under a lock, atomically. The file it replaces is
    retired, not deleted: calls in progress may still fetch it."""
    audio_dir.mkdir(parents=True, exist_ok=True)
    with _locked(audio_dir):
        data = _read(audio_dir)
        items, retired = _section(data, "items"), _section(data, "retired")
        old = items.get(key, {}).get("file") if isinstance(items.get(key), dict) else None
        items[key] = entry
        if old and old != entry.get("file"):
            retired[old] = time.time()
        retired.pop(str(entry.get("file")), None)
        _save(audio_dir, items, retired)


def prune(audio_dir: Path, grace_seconds: float, now: float | None = None) -> list[str]:
    """Delete audio no item uses any more, once its grace period is over, and abandoned
    temporary files. Returns the names removed."""
    now = time.time() if now is None else now
    removed: list[str] = []
    audio_dir.mkdir(parents=True, exist_ok=True)
    with _locked(audio_dir):
        data = _read(audio_dir)
        items, retired = _section(data, "items"), _section(data, "retired")
        in_use = {e.get("file") for e in items.values() if isinstance(e, dict)}
        for entry in os.scandir(audio_dir):
            name, age = entry.name, now - entry.stat().st_mtime
            since = now - float(retired.get(name, now - age))
            if (AUDIO_NAME.match(name) and name not in in_use and since >= grace_seconds) or (
                TEMPORARY.match(name) and age >= ABANDONED_AFTER
            ):
                os.unlink(entry.path)
                retired.pop(name, None)
                removed.append(name)
        if data:
            _save(audio_dir, items, retired)
    return sorted(removed)


def usable_files(audio_dir: Path) -> set[str]:
    """Names of the audio files that are there and not empty: one directory scan."""
    try:
        with os.scandir(audio_dir) as entries:
            return {e.name for e in entries if AUDIO_NAME.match(e.name) and e.stat().st_size > 0}
    except OSError:
        return set()


def current_name(items: dict[str, Any], key: str, digest: str) -> str | None:
    """The file the manifest names as current for these exact words, if any."""
    entry = items.get(key)
    if not isinstance(entry, dict) or entry.get("hash") != digest:
        return None
    name = entry.get("file")
    return name if isinstance(name, str) and AUDIO_NAME.match(name) else None


def current_file(items: dict[str, Any], audio_dir: Path, key: str, digest: str) -> str | None:
    """The file to play for an item, or None when the manifest has nothing current for it
    or the file is missing or empty."""
    name = current_name(items, key, digest)
    if name is None:
        return None
    try:  # os.path rather than pathlib: this runs for every item of every answer
        if os.stat(os.path.join(audio_dir, name)).st_size > 0:
            return name
    except OSError:
        pass
    return None
