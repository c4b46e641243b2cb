"""Jobs that render spoken items to audio files. Safe to run twice; safe to kill."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.audiofiles import audio_hash, file_name, update_manifest
from app.content import load_library
from app.spoken import spoken_items
from workers.tts import duration_seconds, synthesise

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudioConfig:
    content_dir: Path
    audio_dir: Path
    engine: str

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] | None = None) -> AudioConfig:
        env = os.environ if environ is None else environ
        return cls(
            Path(env.get("CONTENT_DIR") or "content"),
            Path(env.get("AUDIO_DIR") or "audio"),
            (env.get("TTS_ENGINE") or "gtts").lower(),
        )


def _write_checked(audio_dir: Path, name: str, data: bytes) -> float:
    """Write to a temporary file beside the target, check it decodes, fsync, then rename."""
    fd, tmp = tempfile.mkstemp(dir=audio_dir, prefix=".render-", suffix=".mp3")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        seconds = duration_seconds(Path(tmp))
        os.replace(tmp, audio_dir / name)
        return seconds
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def render_audio(key: str, digest: str) -> str:
    """Render one item if it still exists with these words; record it in the manifest."""
    return render_item(AudioConfig.from_env(), key, digest)


def render_item(config: AudioConfig, key: str, digest: str) -> str:
    """As render_audio, with the folders and engine given."""
    text = spoken_items(load_library(config.content_dir)).get(key)
    if text is None or audio_hash(text, config.engine) != digest:
        log.info("skipped %s: the content changed since it was queued", key)
        return "superseded"
    config.audio_dir.mkdir(parents=True, exist_ok=True)
    name = file_name(digest)
    path = config.audio_dir / name
    if path.exists():
        seconds = duration_seconds(path)
        outcome = "already rendered"
    else:
        seconds = _write_checked(config.audio_dir, name, synthesise(text, config.engine))
        outcome = "rendered"
    update_manifest(
        config.audio_dir,
        key,
        {
            "file": name,
            "hash": digest,
            "engine": config.engine,
            "lang": "en",
            "slow": False,
            "duration": round(seconds, 2),
            "rendered_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    )
    log.info("%s %s as %s (%.1f s)", outcome, key, name, seconds)
    return outcome
