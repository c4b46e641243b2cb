"""Text-to-speech engines. Each turns words into MP3 bytes, loudness-normalised."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from app.audiofiles import VOICES

# One loudness for every file, so no item is quieter than another (EBU R128 style).
LOUDNORM = "loudnorm=I=-16:TP=-1.5:LRA=11"


class RenderError(RuntimeError):
    """The engine produced nothing usable; the message says why."""


def _ffmpeg_to_mp3(source: Path, target: Path) -> None:
    result = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(source),
            "-af",
            LOUDNORM,
            "-ar",
            "22050",
            "-ac",
            "1",
            "-codec:a",
            "libmp3lame",
            "-b:a",
            "48k",
            "-f",
            "mp3",
            str(target),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RenderError(f"ffmpeg failed: {result.stderr.decode(errors='replace')[-300:]}")


def _espeak(text: str, slow: bool, wav: Path) -> None:
    voice = VOICES["espeak"]
    rate = int(voice["words_per_minute"]) * (3 if slow else 4) // 4
    result = subprocess.run(
        ["espeak-ng", "-v", str(voice["voice"]), "-s", str(rate), "-w", str(wav), "--stdin"],
        input=text.encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RenderError(f"espeak-ng failed: {result.stderr.decode(errors='replace')[-300:]}")


def _gtts(text: str, lang: str, slow: bool, mp3: Path) -> None:
    from gtts import gTTS  # imported here: only the gtts engine needs it

    with mp3.open("wb") as out:
        gTTS(text, lang=lang, tld=str(VOICES["gtts"]["tld"]), slow=slow).write_to_fp(out)


def synthesise(text: str, engine: str, lang: str = "en", slow: bool = False) -> bytes:
    """MP3 bytes for `text`, normalised to one loudness."""
    with tempfile.TemporaryDirectory(prefix="tts-") as tmp:
        raw = Path(tmp) / ("raw.wav" if engine == "espeak" else "raw.mp3")
        if engine == "espeak":
            _espeak(text, slow, raw)
        elif engine == "gtts":
            _gtts(text, lang, slow, raw)
        else:
            raise RenderError(f"unknown engine {engine!r}")
        out = Path(tmp) / "out.mp3"
        _ffmpeg_to_mp3(raw, out)
        return out.read_bytes()


def duration_seconds(mp3: Path) -> float:
    """The decoded length of an audio file; raises RenderError if it does not decode."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(mp3)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    try:
        seconds = float(result.stdout.decode().strip())
    except ValueError:
        seconds = 0.0
    if result.returncode != 0 or seconds <= 0:
        raise RenderError("the audio does not decode or has no duration")
    return seconds
