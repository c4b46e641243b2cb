"""Jobs that render spoken items to audio files. Safe to run twice; safe to kill."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from redis import Redis
from rq import get_current_job

from app import stats
from app.audiofiles import audio_hash, file_name, update_manifest
from app.content import languages, load_libraries, load_library
from app.spoken import Item, spoken_items
from workers.tts import PermanentRenderError, RenderError, check_audio, engine, synthesise

log = logging.getLogger(__name__)
PACE_KEY = "nmline:gtts:pace"


@dataclass(frozen=True)
class AudioConfig:
    content_dir: Path
    audio_dir: Path
    engine: str
    pace_seconds: float = 1.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AudioConfig:
        env = os.environ if environ is None else environ
        return cls(
            Path(env.get("CONTENT_DIR") or "content"),
            Path(env.get("AUDIO_DIR") or "audio"),
            (env.get("TTS_ENGINE") or "gtts").lower(),
            float(env.get("GTTS_PACE_SECONDS") or 1.0),
        )


def _pacer(redis: Redis | None, seconds: float) -> Callable[[], None] | None:
    """One gTTS request at a time across all workers, at most one per `seconds`: Google
    throttles callers who hurry."""
    if redis is None or seconds <= 0:
        return None

    def wait_turn() -> None:
        while not redis.set(PACE_KEY, 1, nx=True, px=int(seconds * 1000)):
            time.sleep(0.05)

    return wait_turn


def _write_checked(audio_dir: Path, name: str, data: bytes) -> float:
    """Write to a temporary file beside the target, check it decodes, fsync, then rename."""
    fd, tmp = tempfile.mkstemp(dir=audio_dir, prefix=".render-", suffix=".mp3")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        seconds = check_audio(Path(tmp))
        os.chmod(tmp, 0o644)  # public words: a web server in front may serve the file itself
        os.replace(tmp, audio_dir / name)
        return seconds
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


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


def render_audio(item_id: str, digest: str) -> str:
    """Render one item if it still exists with these words; record it in the manifest."""
    job = get_current_job()
    redis = job.connection if job else None
    try:
        outcome = render_item(AudioConfig.from_env(), item_id, digest, redis)
    except Exception as exc:
        if redis is not None:
            stats.count_quietly(redis, "renders_failed")
        if isinstance(exc, PermanentRenderError) and job is not None:
            job.retries_left = 0  # trying again would fail the same way
        raise
    if redis is not None and outcome == "rendered":
        stats.count_quietly(redis, "renders")
    return outcome


def render_item(config: AudioConfig, item_id: str, digest: str, redis: Redis | None = None) -> str:
    """As render_audio, with the folders and engine given."""
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
        seconds, outcome = _write_checked(config.audio_dir, name, audio), "rendered"
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
