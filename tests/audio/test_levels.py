"""The checks that stand between an engine's bytes and a caller's ear."""

from __future__ import annotations

import os
import subprocess
import wave
from pathlib import Path

import pytest

from app.audio.encode import check_audio, synthesise
from app.audio.engines import Espeak, RenderError
from app.audio.levels import BadAudio, mp3_duration, wav_levels


def test_a_rendered_file_has_the_length_ffprobe_reports(tmp_path: Path):
    mp3 = tmp_path / "a.mp3"
    mp3.write_bytes(synthesise(Espeak(), "One short sentence to measure."))
    probed = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", mp3],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert check_audio(mp3) == pytest.approx(float(probed), abs=0.1)


@pytest.mark.parametrize("damage", ["random", "truncated header", "text", "empty"])
def test_damaged_or_foreign_bytes_are_refused(tmp_path: Path, damage: str):
    good = synthesise(Espeak(), "Hello.")
    data = {
        "random": os.urandom(3000),
        "truncated header": good[:2],
        "text": b"<html>Too many requests</html>",
        "empty": b"",
    }[damage]
    path = tmp_path / "bad.mp3"
    path.write_bytes(data)
    with pytest.raises(RenderError):
        check_audio(path)


def test_silence_has_no_loudness_to_normalise(tmp_path: Path):
    path = tmp_path / "silence.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(22050)
        wav.writeframes(b"\0\0" * 22050)
    with pytest.raises(BadAudio):
        wav_levels(path)


def test_quiet_and_loud_speech_come_out_at_the_same_loudness(tmp_path: Path):
    quiet, loud = tmp_path / "quiet.mp3", tmp_path / "loud.mp3"

    class Scaled(Espeak):
        def __init__(self, amplitude: int) -> None:
            self.amplitude = amplitude

        def speak(self, text, lang, slow, out):
            subprocess.run(
                ["espeak-ng", "-a", str(self.amplitude), "-w", str(out), text], check=True
            )

    quiet.write_bytes(synthesise(Scaled(20), "The same words, said quietly."))
    loud.write_bytes(synthesise(Scaled(200), "The same words, said quietly."))
    levels = []
    for path in (quiet, loud):
        wav = tmp_path / f"{path.stem}.wav"
        subprocess.run(["ffmpeg", "-v", "error", "-i", path, wav], check=True)
        levels.append(wav_levels(wav)[0])
    assert abs(levels[0] - levels[1]) < 1.5
    assert mp3_duration(quiet) > 1
