"""Text-to-speech engines. Each turns words into MP3 bytes at one loudness."""

from __future__ import annotations

import subprocess
import tempfile
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from app.audiofiles import VOICES
from workers.levels import BadAudio, mp3_duration, wav_levels

# One loudness for every file, so no item is quieter than another (EBU R128 style).
TARGET_LUFS = -16.0
PEAK_LIMIT = "alimiter=limit=0.84:level=false"  # about -1.5 dBFS


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


def _encode(args_in: list[str], out: Path, filters: str | None = None) -> None:
    """ffmpeg to mono 22.05 kHz 48 kbit/s MP3: small, and clear on a phone line."""
    _run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args_in,
         *(["-af", filters] if filters else []), "-ar", "22050", "-ac", "1",
         "-codec:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", str(out)],
        "ffmpeg",
    )  # fmt: skip


def _as_wav(raw: Path, folder: Path) -> Path:
    with raw.open("rb") as head:
        if head.read(4) == b"RIFF":
            return raw
    wav = folder / "decoded.wav"
    _run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(raw), "-ar", "22050",
         "-ac", "1", "-codec:a", "pcm_s16le", str(wav)],
        "decoding the engine's audio",
    )  # fmt: skip
    return wav


def synthesise(speaker: Engine, text: str, lang: str = "en", slow: bool = False) -> bytes:
    """MP3 bytes for `text`, brought to one loudness (-16 LUFS, peaks held under -1.5 dBFS).

    Measured in Python and applied in the one encoding pass: ffmpeg's loudnorm does the
    same in one call but costs three times the whole render."""
    with tempfile.TemporaryDirectory(prefix="tts-") as tmp:
        folder = Path(tmp)
        raw, mp3 = folder / "raw", folder / "out.mp3"
        speaker.speak(text, lang, slow, raw)
        wav = _as_wav(raw, folder)
        try:
            loudness, _ = wav_levels(wav)
        except (BadAudio, EOFError, wave.Error) as exc:
            raise RenderError(f"the engine's audio is unusable: {exc}") from exc
        gain = TARGET_LUFS - loudness
        _encode(["-i", str(wav)], mp3, f"volume={gain:.2f}dB,{PEAK_LIMIT}")
        return mp3.read_bytes()


def check_audio(path: Path) -> float:
    """Every frame of the MP3 is well formed; its length in seconds. RenderError if not."""
    try:
        seconds = mp3_duration(path)
    except (BadAudio, OSError) as exc:
        raise RenderError(f"the audio file is damaged: {exc}") from exc
    if seconds <= 0:
        raise RenderError("the audio has no duration")
    return seconds
