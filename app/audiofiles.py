"""Content-addressed audio names and the manifest that says which file is current.

Shared by the web app (to decide <Play> or <Say>) and the workers (to write).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Bump when the way audio is produced changes, so every file is rendered again.
PIPELINE_VERSION = 1
MANIFEST = "manifest.json"
AUDIO_NAME = re.compile(r"^[0-9a-f]{24}\.mp3$")
# What shapes the sound, besides the text, for each engine.
VOICES: dict[str, dict[str, str | int]] = {
    "gtts": {"lang": "en", "tld": "co.uk"},
    "espeak": {"voice": "en-gb", "words_per_minute": 150},
}


def normalise(text: str) -> str:
    """Whitespace is not heard, so it does not change the file."""
    return " ".join(text.split())


def audio_hash(text: str, engine: str, lang: str = "en", slow: bool = False) -> str:
    """The hash of everything that shapes the sound of one item."""
    shape = {
        "text": normalise(text),
        "engine": engine,
        "voice": VOICES[engine],
        "lang": lang,
        "slow": slow,
        "pipeline": PIPELINE_VERSION,
    }
    encoded = json.dumps(shape, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:24]


def file_name(digest: str) -> str:
    return f"{digest}.mp3"


def read_manifest(audio_dir: Path) -> dict[str, Any]:
    """The manifest's items; an absent or damaged manifest means nothing is current."""
    try:
        data = json.loads((audio_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    items = data.get("items") if isinstance(data, dict) else None
    return items if isinstance(items, dict) else {}


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


def update_manifest(audio_dir: Path, key: str, entry: dict[str, Any]) -> None:
    """Record one item's current file, under a lock, atomically."""
    audio_dir.mkdir(parents=True, exist_ok=True)
    with _locked(audio_dir):
        items = read_manifest(audio_dir)
        items[key] = entry
        body = json.dumps({"version": PIPELINE_VERSION, "items": items}, indent=1, sort_keys=True)
        atomic_write(audio_dir / MANIFEST, body.encode())


def current_file(items: dict[str, Any], audio_dir: Path, key: str, digest: str) -> str | None:
    """The file to play for an item, or None when the manifest has nothing current for it."""
    entry = items.get(key)
    if not isinstance(entry, dict) or entry.get("hash") != digest:
        return None
    name = entry.get("file")
    if not isinstance(name, str) or not AUDIO_NAME.match(name):
        return None
    path = audio_dir / name
    try:
        if path.stat().st_size > 0 and os.access(path, os.R_OK):
            return name
    except OSError:
        pass
    return None
