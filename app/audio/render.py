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
from app.audio.engines import RenderError, engine
from app.audio.items import Item, spoken_items
from app.audio.manifest import update_manifest
from app.audio.names import audio_hash, file_name
from app.content.loader import languages, load_libraries, load_library
from app.files import atomic_write
from app.settings import Settings

log = logging.getLogger(__name__)


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
    lang, _, key = item_id.split("/", 2)
    if key == "prompt:language_option" or lang not in languages(content_dir):
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
    if item is None or audio_hash(item.text, config.engine, item.lang, item.slow) != digest:
        log.info("skipped %s: the content changed since it was queued", item_id)
        return "superseded"
    config.audio_dir.mkdir(parents=True, exist_ok=True)
    name = file_name(digest)
    path = config.audio_dir / name
    seconds, outcome = _existing(path), "already rendered"
    if seconds is None:
        speaker = engine(config.engine, _pacer(redis, config.pace_seconds))
        audio = synthesise(speaker, item.text, item.lang, item.slow)
        seconds, outcome = write_checked(config.audio_dir, name, audio), "rendered"
    update_manifest(
        config.audio_dir,
        item_id,
        {
            "file": name,
            "hash": digest,
            "engine": config.engine,
            "lang": item.lang,
            "slow": item.slow,
            "duration": round(seconds, 2),
            "rendered_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    )
    log.info("%s %s as %s (%.1f s)", outcome, item_id, name, seconds)
    return outcome
