"""Recordings for the tests, standing in for a person reading words into a microphone:
speech (espeak-ng's female voice, not the line's), with room noise, a pause before and
after, in whatever container a browser or a phone would give."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _run(args: list[str]) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args], check=True)


def speech(folder: Path, words: str, lead: float = 1.0, tail: float = 1.5) -> Path:
    """A WAV of someone reading `words`, with silence before and after, as a person's
    recording has. Its speech alone lasts `speech_seconds(path)`."""
    folder.mkdir(parents=True, exist_ok=True)
    voice = folder / "voice.wav"
    subprocess.run(["espeak-ng", "-v", "en-gb+f3", "-s", "145", "-w", str(voice), words],
                   check=True)  # fmt: skip
    out = folder / "person.wav"
    _run(["-i", str(voice), "-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.002:r=22050",
          "-filter_complex", f"[0]adelay={int(lead * 1000)},apad=pad_dur={tail}[v];"
          "[v][1]amix=inputs=2:duration=first:normalize=0", "-ar", "44100", str(out)])  # fmt: skip
    return out


def as_kind(source: Path, suffix: str, codec: list[str] | None = None) -> Path:
    """The recording in another container (and codec), as another device would give it."""
    if suffix == source.suffix:
        return source
    out = source.with_suffix(suffix)
    _run(["-i", str(source), *(codec or []), str(out)])
    return out


def loudness(path: Path) -> float:
    """Integrated loudness in LUFS (EBU R128, K-weighted), as ffmpeg measures it."""
    done = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-af",
         "loudnorm=print_format=summary", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in done.stderr.splitlines() if "Input Integrated" in x)
    return float(line.split(":")[1].split()[0])


def generated(folder: Path, name: str, source: str, seconds: float, rate: int = 22050) -> Path:
    """A WAV made by one of ffmpeg's sources (anullsrc: silence; sine: a tone)."""
    out = folder / f"{name}.wav"
    _run(["-f", "lavfi", "-i", source, "-t", str(seconds), "-ar", str(rate), "-ac", "1", str(out)])
    return out


def louder(source: Path, decibels: float) -> Path:
    out = source.with_name("louder.wav")
    _run(["-i", str(source), "-af", f"volume={decibels}dB", str(out)])
    return out


def with_video(source: Path) -> Path:
    out = source.with_name("film.webm")
    _run(["-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-i", str(source), "-shortest",
          "-c:v", "libvpx", "-c:a", "libopus", str(out)])  # fmt: skip
    return out
