"""The manifest: which file is current for each item, written atomically under a lock.

Shared by the web app (to decide <Play> or <Say>) and the workers (to write).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from app.audio.names import ABANDONED_AFTER, AUDIO_NAME, PIPELINE_VERSION, TEMPORARY
from app.files import atomic_write

MANIFEST = "manifest.json"


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


def _save(
    audio_dir: Path, items: dict[str, Any], retired: dict[str, Any], drafts: dict[str, Any]
) -> None:
    body = {"version": PIPELINE_VERSION, "items": items, "retired": retired, "drafts": drafts}
    atomic_write(audio_dir / MANIFEST, json.dumps(body, indent=1, sort_keys=True).encode())


def update_manifest(audio_dir: Path, key: str, entry: dict[str, Any]) -> None:
    """Record one item's current file, under a lock, atomically. The file it replaces is
    retired, not deleted: calls in progress may still fetch it."""
    update_entries(audio_dir, {key: entry})


def update_entries(audio_dir: Path, entries: Mapping[str, dict[str, Any]]) -> None:
    """Record several items' current files in one write (a publication's, all at once)."""
    audio_dir.mkdir(parents=True, exist_ok=True)
    with _locked(audio_dir):
        data = _read(audio_dir)
        items, retired = _section(data, "items"), _section(data, "retired")
        for key, entry in entries.items():
            old = items.get(key, {}).get("file") if isinstance(items.get(key), dict) else None
            items[key] = entry
            if old and old != entry.get("file"):
                retired[old] = time.time()
            retired.pop(str(entry.get("file")), None)
        _save(audio_dir, items, retired, _section(data, "drafts"))


def prune(audio_dir: Path, grace_seconds: float, now: float | None = None) -> list[str]:
    """Delete audio no item uses any more, once its grace period is over, and abandoned
    temporary files. Returns the names removed."""
    now = time.time() if now is None else now
    removed: list[str] = []
    audio_dir.mkdir(parents=True, exist_ok=True)
    with _locked(audio_dir):
        data = _read(audio_dir)
        items, retired = _section(data, "items"), _section(data, "retired")
        drafts = {n: t for n, t in _section(data, "drafts").items() if float(t) > now}
        in_use = {e.get("file") for e in items.values() if isinstance(e, dict)} | set(drafts)
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
            _save(audio_dir, items, retired, drafts)
    return sorted(removed)


def keep_for_draft(audio_dir: Path, name: str, until: float) -> None:
    """Keep a file rendered for a draft's words (in no item yet) from prune until `until`,
    so it is ready the moment the draft is published."""
    audio_dir.mkdir(parents=True, exist_ok=True)
    with _locked(audio_dir):
        data = _read(audio_dir)
        drafts = _section(data, "drafts")
        drafts[name] = max(float(drafts.get(name, 0)), until)
        _save(audio_dir, _section(data, "items"), _section(data, "retired"), drafts)


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


def playable(path: str) -> bool:
    """The file is there and not empty. os.stat on a str rather than pathlib: this runs for
    every item of every answer."""
    try:
        return os.stat(path).st_size > 0
    except OSError:
        return False
