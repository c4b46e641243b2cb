"""From an engine's audio to the line's MP3: one loudness, checked frame by frame."""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path

from app.audio.engines import Engine, RenderError, run
from app.audio.levels import BadAudio, mp3_duration, wav_levels

# One loudness for every file, so no item is quieter than another (EBU R128 style).
TARGET_LUFS = -16.0
PEAK_LIMIT = "alimiter=limit=0.84:level=false"  # about -1.5 dBFS


def encode(args_in: list[str], out: Path, filters: str | None = None) -> None:
    """ffmpeg to mono 22.05 kHz 48 kbit/s MP3: small, and clear on a phone line."""
    run(
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
    run(
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
        encode(["-i", str(wav)], mp3, f"volume={gain:.2f}dB,{PEAK_LIMIT}")
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
