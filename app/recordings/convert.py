"""A person's recording made into the line's audio: checked by what it is (never by its
name), silence trimmed from both ends, brought to the loudness TTS items have, and a
slower copy, time-stretched with the pitch kept, for callers who pressed 8."""

from __future__ import annotations

import json
import subprocess
import tempfile
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.audio.encode import PEAK_LIMIT, TARGET_LUFS, check_audio, encode
from app.audio.engines import RenderError
from app.audio.levels import BadAudio, wav_levels
from app.errors import LineError

MAX_BYTES = 20 * 1024 * 1024
MAX_SECONDS = 10 * 60
# What a recording may be, by what ffprobe finds inside it (its container and codec).
FORMATS = {
    "wav": {"pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_u8", "pcm_s16be"},
    "mp3": {"mp3"},
    "mov,mp4,m4a,3gp,3g2,mj2": {"aac", "alac"},
    "ogg": {"opus", "vorbis"},
    "matroska,webm": {"opus", "vorbis"},
    "flac": {"flac"},
}
# Slower speech: a fifth slower, as gTTS's slow voice and espeak's are (pitch kept).
SLOWER = 0.8
# Full scale or nearly: more than this share of the samples, and the voice is distorted.
CLIPPED_SHARE = 0.02
_TRIM = (
    "silenceremove=start_periods=1:start_duration=0.05:start_threshold=-45dB,areverse,"
    "silenceremove=start_periods=1:start_duration=0.05:start_threshold=-45dB,areverse,"
    "adelay=150|150,apad=pad_dur=0.25"
)


class RecordingRefused(LineError, ValueError):
    """Not usable on the line, with why in plain words for the person who uploaded it."""


@dataclass(frozen=True)
class Converted:
    normal: bytes
    slow: bytes
    seconds: float
    slow_seconds: float


def _probe(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RecordingRefused("This file is not a recording we can read.")
    found = json.loads(done.stdout or b"{}")
    return found if isinstance(found, dict) else {}


def _check_kind(probe: dict[str, Any]) -> None:
    streams = [s for s in probe.get("streams") or [] if isinstance(s, dict)]
    given = probe.get("format")
    fmt: dict[str, Any] = given if isinstance(given, dict) else {}
    name = str(fmt.get("format_name", ""))
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if any(s.get("codec_type") == "video" and s.get("disposition", {}).get("attached_pic") != 1
           for s in streams) or len(audio) != 1:  # fmt: skip
        raise RecordingRefused("A recording must be one sound track, with no video.")
    if str(audio[0].get("codec_name")) not in FORMATS.get(name, set()):
        raise RecordingRefused(
            "This is not one of the kinds of recording the line takes (WAV, MP3, M4A or "
            "AAC, OGG or Opus, WebM, FLAC), whatever its name says."
        )
    try:
        seconds = float(fmt.get("duration") or 0)
    except ValueError:
        seconds = 0.0
    if seconds > MAX_SECONDS:
        raise RecordingRefused("A recording may be at most 10 minutes long.")


def _ffmpeg(args: list[str], what: str) -> None:
    done = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                           *args], capture_output=True, timeout=300, check=False)  # fmt: skip
    if done.returncode != 0:
        raise RecordingRefused(f"This recording could not be {what}: it may be damaged.")


def _samples(wav: Path) -> array[int]:
    with wave.open(str(wav), "rb") as opened:
        return array("h", opened.readframes(opened.getnframes()))


def _check_sound(samples: array[int]) -> None:
    if not samples:
        raise RecordingRefused("This recording is silent.")
    clipped = sum(1 for s in samples[::4] if s >= 32700 or s <= -32700)
    if clipped / max(1, len(samples[::4])) > CLIPPED_SHARE:
        raise RecordingRefused(
            "This recording is too loud: much of it is clipped (distorted). Record it again "
            "a little further from the microphone."
        )


def convert(data: bytes) -> Converted:
    """The line's MP3s for a recording (normal and slower), or RecordingRefused."""
    if len(data) > MAX_BYTES:
        raise RecordingRefused("A recording may be at most 20 MB.")
    if not data:
        raise RecordingRefused("The file is empty.")
    with tempfile.TemporaryDirectory(prefix="recording-") as tmp:
        folder = Path(tmp)
        raw, wav, trimmed = folder / "upload", folder / "decoded.wav", folder / "trimmed.wav"
        raw.write_bytes(data)
        _check_kind(_probe(raw))
        _ffmpeg(["-i", str(raw), "-t", str(MAX_SECONDS + 1), "-ac", "1", "-ar", "22050",
                 "-codec:a", "pcm_s16le", str(wav)], "read")  # fmt: skip
        _check_sound(_samples(wav))
        _ffmpeg(["-i", str(wav), "-af", _TRIM, "-codec:a", "pcm_s16le", str(trimmed)], "trimmed")
        try:
            loudness, _ = wav_levels(trimmed)
        except (BadAudio, EOFError, wave.Error) as exc:
            raise RecordingRefused("This recording is silent.") from exc
        gain = f"volume={TARGET_LUFS - loudness:.2f}dB,{PEAK_LIMIT}"
        normal, slow = folder / "normal.mp3", folder / "slow.mp3"
        try:
            encode(["-i", str(trimmed)], normal, gain)
            encode(["-i", str(trimmed)], slow, f"atempo={SLOWER},{gain}")
            seconds, slow_seconds = check_audio(normal), check_audio(slow)
        except RenderError as exc:
            raise RecordingRefused("This recording could not be made into the line's audio.") from (
                exc
            )
        return Converted(normal.read_bytes(), slow.read_bytes(), seconds, slow_seconds)
