"""A recording checked by what it is, never by its name, and made into the line's audio:
trimmed, at the loudness of TTS items, with a slower copy at the same pitch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.audio.levels import mp3_duration
from app.recordings.convert import MAX_BYTES, RecordingRefused, convert
from tests.support.voice import as_kind, generated, louder, loudness, speech, with_video

WORDS = "Hello. This is the nuclear medicine information line."


@pytest.fixture(scope="module")
def person(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speech(tmp_path_factory.mktemp("person"), WORDS)


@pytest.mark.parametrize(
    "suffix,codec",
    [(".wav", None), (".mp3", None), (".m4a", None), (".ogg", ["-c:a", "libopus"]),
     (".webm", None), (".flac", None)],
)  # fmt: skip
def test_every_kind_a_phone_or_browser_records_is_taken(person: Path, suffix, codec, tmp_path):
    source = as_kind(Path(shutil.copy(person, tmp_path / "take.wav")), suffix, codec)
    made = convert(source.read_bytes())
    assert made.normal[:3] == b"ID3" or made.normal[0] == 0xFF
    assert 1.3 * made.seconds > made.slow_seconds > 1.15 * made.seconds  # a fifth slower


def test_the_silence_around_the_words_is_trimmed(person: Path, tmp_path: Path):
    voice_only = speech(tmp_path, WORDS, lead=0, tail=0)
    made = convert(person.read_bytes())
    out = tmp_path / "made.mp3"
    out.write_bytes(made.normal)
    spoken = convert(voice_only.read_bytes()).seconds
    assert abs(mp3_duration(out) - spoken) < 0.5  # the 2.5 s of pauses are gone


def test_a_recording_comes_out_at_the_loudness_of_the_lines_own_speech(
    person: Path, tmp_path: Path, rendered_audio: Path
):
    out = tmp_path / "made.mp3"
    out.write_bytes(convert(person.read_bytes()).normal)
    tts = sorted(rendered_audio.glob("*.mp3"))[:3]
    for item in tts:
        assert abs(loudness(out) - loudness(item)) <= 1.0


def test_bad_recordings_are_refused_whatever_their_name_says(person: Path, tmp_path: Path):
    cases = {
        "not audio, named .wav": (b"RIFF" + bytes(range(256)) * 40, "not a recording we can read"),
        "empty": (b"", "empty"),
        "silent": (generated(tmp_path, "silent", "anullsrc=r=22050:cl=mono", 3), "silent"),
        "clipped": (louder(person, 30), "clipped"),
        "too long": (generated(tmp_path, "long", "sine=frequency=300:sample_rate=8000", 601,
                               rate=8000), "at most 10 minutes"),
        "video": (with_video(person), "no video"),
        "too large": (b"\0" * (MAX_BYTES + 1), "at most 20 MB"),
        "a text file": (b"These are the words, typed.", "not a recording we can read"),
    }  # fmt: skip
    for name, (given, message) in cases.items():
        data = given.read_bytes() if isinstance(given, Path) else given
        with pytest.raises(RecordingRefused, match=message):
            convert(data)
        assert name  # each case is refused with its own reason
