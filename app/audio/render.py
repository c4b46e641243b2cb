"""Rendering one spoken item to its audio file. Safe to run twice; safe to kill."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from redis import Redis

from app import redis_keys
from app.audio.encode import check_audio, synthesise
from app.audio.engines import PermanentRenderError, RenderError, engine
from app.audio.items import LANGUAGE_OPTION, Item, parse_item_id, spoken_items
from app.audio.manifest import current_name, read_manifest, update_entries, update_manifest
from app.audio.names import file_name, item_digest
from app.content.loader import languages, load_libraries, load_library
from app.files import atomic_write
from app.settings import Settings

log = logging.getLogger(__name__)
# Under AUDIO_DIR: each approved recording's files, kept for good (app/recordings).
RECORDINGS = "recordings"


@dataclass(frozen=True)
class AudioConfig:
    content_dir: Path
    audio_dir: Path
    engine: str
    pace_seconds: float = 1.0

    @classmethod
    def of(cls, settings: Settings) -> AudioConfig:
        """The folders and engine the line's settings name."""
        return cls(settings.content_dir, settings.audio_dir, settings.tts_engine,
                   settings.gtts_pace_seconds)  # fmt: skip


def _pacer(redis: Redis | None, seconds: float) -> Callable[[], None] | None:
    """One gTTS request at a time across all workers, at most one per `seconds`: Google
    throttles callers who hurry."""
    if redis is None or seconds <= 0:
        return None

    def wait_turn() -> None:
        while not redis.set(redis_keys.GTTS_PACE, 1, nx=True, px=int(seconds * 1000)):
            time.sleep(0.05)

    return wait_turn


def write_checked(audio_dir: Path, name: str, data: bytes) -> float:
    """Write beside the target, check every frame decodes, fsync, then rename; its length.
    Public words: 0644, so a web server in front may serve the file itself."""
    seconds = atomic_write(
        audio_dir / name, data, prefix=".render-", suffix=".mp3", check=check_audio, mode=0o644
    )
    assert isinstance(seconds, float)
    return seconds


def _find(content_dir: Path, item_id: str) -> Item | None:
    """The item as the content says it now. Only a language's place on the language menu
    depends on the other languages; anything else needs its own language's files alone."""
    key, lang, _ = parse_item_id(item_id)
    if key == str(LANGUAGE_OPTION) or lang not in languages(content_dir):
        libraries = list(load_libraries(content_dir).values())
    else:
        libraries = [load_library(content_dir, lang)]
    return spoken_items(libraries).get(item_id)


def _existing(path: Path) -> float | None:
    """The length of a file already rendered for these words; a damaged one is removed."""
    if not path.exists():
        return None
    try:
        return check_audio(path)
    except RenderError:
        log.warning("removing %s: it does not decode", path.name)
        path.unlink(missing_ok=True)
        return None


def render_item(config: AudioConfig, item_id: str, digest: str, redis: Redis | None = None) -> str:
    """Render one item if it still exists with these words; record it in the manifest.
    Returns what happened: rendered, already rendered, or superseded."""
    item = _find(config.content_dir, item_id)
    if item is None or item_digest(item, config.engine) != digest:
        log.info("skipped %s: the content changed since it was queued", item_id)
        return "superseded"
    seconds, outcome = make_file(config, item, digest, redis)
    update_manifest(config.audio_dir, item_id, entry(config.engine, item, digest, seconds))
    log.info("%s %s as %s (%.1f s)", outcome, item_id, file_name(digest), seconds)
    return outcome


def make_file(
    config: AudioConfig, item: Item, digest: str, redis: Redis | None = None
) -> tuple[float, str]:
    """The item's file for these words, made unless it is there and whole: its length, and
    whether it was rendered now or already."""
    config.audio_dir.mkdir(parents=True, exist_ok=True)
    name = file_name(digest)
    seconds = _existing(config.audio_dir / name)
    if seconds is not None:
        return seconds, "already rendered"
    if item.recording:  # a person's voice: from the recordings kept beside the audio
        kept = config.audio_dir / RECORDINGS / item.recording
        if not kept.exists():
            raise PermanentRenderError(f"the recording {item.recording} is missing")
        return write_checked(config.audio_dir, name, kept.read_bytes()), "copied"
    speaker = engine(config.engine, _pacer(redis, config.pace_seconds))
    audio = synthesise(speaker, item.text, item.lang, item.slow)
    return write_checked(config.audio_dir, name, audio), "rendered"


def entry(engine_name: str, item: Item, digest: str, seconds: float) -> dict[str, object]:
    """The manifest's record of an item's current file."""
    return {
        "file": file_name(digest),
        "hash": digest,
        "source": "recording" if item.recording else "tts",
        "engine": engine_name,
        "lang": item.lang,
        "slow": item.slow,
        "duration": round(seconds, 2),
        "rendered_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def promote(audio_dir: Path, engine_name: str, items: dict[str, Item]) -> list[str]:
    """Make current, in the manifest, every item whose file for its words is already there
    (rendered for a draft): so callers hear the published words at once, never <Say>.
    The ids promoted."""
    current = read_manifest(audio_dir)
    promoted: dict[str, dict[str, object]] = {}
    for item in items.values():
        digest = item_digest(item, engine_name)
        if current_name(current, item.id, digest):
            continue
        seconds = _existing(audio_dir / file_name(digest))
        kept = audio_dir / RECORDINGS / (item.recording or "")
        if seconds is None and item.recording and kept.is_file():
            seconds = write_checked(audio_dir, file_name(digest), kept.read_bytes())
        if seconds is not None:
            promoted[item.id] = entry(engine_name, item, digest, seconds)
    if promoted:  # one write: every web process sees them all current at once
        update_entries(audio_dir, promoted)
    return list(promoted)
