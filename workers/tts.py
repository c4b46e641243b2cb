"""Text-to-speech engines. Each turns words into MP3 bytes at one loudness."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from app.audiofiles import VOICES

# One loudness for every file, so no item is quieter than another (EBU R128 style).
LOUDNORM = "loudnorm=I=-16:TP=-1.5:LRA=11"


class RenderError(RuntimeError):
    """No usable audio this time (network, throttling, bad bytes): worth trying again."""


class PermanentRenderError(RenderError):
    """A failure that trying again will not fix, such as a request the service refuses."""


class Engine(Protocol):
    def speak(self, text: str, lang: str, slow: bool, out: Path) -> None:
        """Write the engine's own audio for `text` to `out` (any format ffmpeg reads)."""


def _run(args: list[str], what: str, data: bytes | None = None) -> None:
    result = subprocess.run(args, input=data, capture_output=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RenderError(f"{what} failed: {result.stderr.decode(errors='replace')[-300:]}")


class Espeak:
    """espeak-ng: offline, for development, CI and demos."""

    def speak(self, text: str, lang: str, slow: bool, out: Path) -> None:
        voice = VOICES["espeak"]
        rate = int(voice["words_per_minute"]) * (3 if slow else 4) // 4
        name = str(voice["voice"]) if lang == "en" else lang
        args = ["espeak-ng", "-v", name, "-s", str(rate), "-w", str(out), "--stdin"]
        _run(args, "espeak-ng", text.encode())


class Gtts:
    """Google Translate's voice through gTTS, British English. `pace` waits for our turn."""

    def __init__(self, pace: Callable[[], None] | None = None) -> None:
        self._pace = pace

    def speak(self, text: str, lang: str, slow: bool, out: Path) -> None:
        from gtts import gTTS, gTTSError  # only this engine needs it

        if self._pace:
            self._pace()
        try:
            with out.open("wb") as fp:
                gTTS(text, lang=lang, tld=str(VOICES["gtts"]["tld"]), slow=slow).write_to_fp(fp)
        except gTTSError as exc:
            status = getattr(getattr(exc, "rsp", None), "status_code", None)
            if status is None or status == 429 or status >= 500:
                raise RenderError(f"gTTS: {exc}") from exc
            raise PermanentRenderError(f"gTTS: {exc}") from exc


def engine(name: str, pace: Callable[[], None] | None = None) -> Engine:
    if name == "espeak":
        return Espeak()
    if name == "gtts":
        return Gtts(pace)
    raise PermanentRenderError(f"unknown engine {name!r}")


def synthesise(speaker: Engine, text: str, lang: str = "en", slow: bool = False) -> bytes:
    """MP3 bytes for `text`, normalised to one loudness."""
    with tempfile.TemporaryDirectory(prefix="tts-") as tmp:
        raw, mp3 = Path(tmp) / "raw", Path(tmp) / "out.mp3"
        speaker.speak(text, lang, slow, raw)
        _run(
            ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(raw),
             "-af", LOUDNORM, "-ar", "22050", "-ac", "1", "-codec:a", "libmp3lame",
             "-b:a", "48k", "-f", "mp3", str(mp3)],
            "ffmpeg",
        )  # fmt: skip
        return mp3.read_bytes()


def check_audio(path: Path) -> float:
    """Decode the whole file and return its length in seconds; RenderError if it is not audio."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
         str(path)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    try:
        seconds = float(result.stdout.decode().strip())
    except ValueError:
        seconds = 0.0
    decoded = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", str(path), "-f", "null", "-"],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    if result.returncode != 0 or decoded.returncode != 0 or seconds <= 0:
        raise RenderError("the audio does not decode or has no duration")
    return seconds
