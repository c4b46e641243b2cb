"""A human voice: a recording uploaded for the welcome, approved by a second person, is what
every new call plays; when the welcome's words change, calls hear TTS again and the
dashboard says the recording is out of date. Bad files change nothing."""

from __future__ import annotations

import html
import wave
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.audio.levels import mp3_duration
from app.audio.manifest import read_manifest
from app.services import services
from tests.support.admin import add_person, trail
from tests.support.editing import as_person
from tests.support.edits import ADDED, add_words
from tests.support.recordings import WELCOME, approve, takes, upload
from tests.support.voice import generated, loudness, speech

pytestmark = pytest.mark.slow  # converts recordings with ffmpeg


def test_a_recording_approved_by_a_second_person_is_what_every_new_call_plays(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, person: Path, tmp_path: Path, call
):
    assert upload(editing, person.read_bytes()).status_code == 302
    [take] = takes(editing)
    first = call().start()
    assert "welcome" in " ".join(first.heard)  # still TTS: a draft is not heard
    assert approve(editing, take).status_code == 403  # an editor does not approve
    assert approve(reviewing, take).status_code == 302
    turn = call().start()
    entry = read_manifest(services(app).settings.audio_dir)["en/normal/prompt:welcome"]
    assert entry["source"] == "recording"
    assert turn.played[0].endswith("/" + entry["file"])
    played = services(app).settings.audio_dir / entry["file"]
    spoken = speech(tmp_path / "alone", services(app).speaker.library.prompt("welcome"), 0, 0)
    assert abs(mp3_duration(played) - _seconds(spoken)) < 0.5
    tts = (
        services(app).settings.audio_dir
        / read_manifest(services(app).settings.audio_dir)["en/normal/menu:main"]["file"]
    )
    assert abs(loudness(played) - loudness(tts)) <= 1.0
    page = editing.get(WELCOME).get_data(as_text=True)
    assert 'data-source="recording"' in page
    actions = [e.action for e in trail(app) if e.action.startswith("recording.")]
    assert actions == ["recording.added", "recording.approved"]


def _seconds(wav: Path) -> float:
    with wave.open(str(wav)) as opened:
        return opened.getnframes() / opened.getframerate()


def test_slower_speech_plays_the_recording_a_fifth_slower(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, person: Path, call
):
    upload(editing, person.read_bytes())
    approve(reviewing, takes(editing)[0])
    manifest = read_manifest(services(app).settings.audio_dir)
    assert manifest.get("en/slow/prompt:welcome", {}).get("source") == "recording"
    normal = services(app).settings.audio_dir / manifest["en/normal/prompt:welcome"]["file"]
    slow = services(app).settings.audio_dir / manifest["en/slow/prompt:welcome"]["file"]
    assert 1.15 < mp3_duration(slow) / mp3_duration(normal) < 1.35


def test_when_the_words_change_calls_hear_tts_again_and_the_recording_is_out_of_date(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, person: Path, call
):
    upload(editing, person.read_bytes())
    approve(reviewing, takes(editing)[0])
    recorded = read_manifest(services(app).settings.audio_dir)["en/normal/prompt:welcome"]
    add_words(services(app).settings.content_dir / "prompts.yaml", "welcome")
    turn = call().start()
    assert not turn.played or not turn.played[0].endswith(recorded["file"])
    assert any(said.endswith(ADDED) for said in turn.said)  # TTS of the new words, never the old
    grid = html.unescape(reviewing.get("/admin/content").get_data(as_text=True))
    assert "Recordings out of date" in grid and "Prompt: welcome (en)" in grid
    refused = approve(reviewing, takes(editing)[0])  # the take reads the old words
    assert refused.status_code == 422
    assert "The words changed since this was recorded" in html.unescape(
        refused.get_data(as_text=True)
    )


def test_the_maker_of_a_recording_cannot_approve_it(app: Flask, person: Path, redis):
    both = add_person(app, "reviewer", name="Rae Reviewer")
    maker = add_person(app, "editor", name="Mo Maker")
    upload(as_person(app, maker), person.read_bytes())
    assert approve(as_person(app, maker), takes(as_person(app, both))[0]).status_code == 403


def test_a_bad_file_is_refused_with_a_message_and_nothing_changes(
    app: Flask, editing: FlaskClient, tmp_path: Path
):
    audio = services(app).settings.audio_dir
    before = sorted(p.name for p in audio.rglob("*"))
    silent = generated(tmp_path, "silent", "anullsrc=r=22050:cl=mono", 3).read_bytes()
    for data, name, message in [
        (b"not a recording at all", "welcome.wav", "not a recording we can read"),
        (silent, "welcome.mp3", "silent"),
    ]:
        answer = upload(editing, data, name)
        assert answer.status_code == 422
        assert message in html.unescape(answer.get_data(as_text=True))
    assert takes(editing) == []
    assert sorted(p.name for p in audio.rglob("*")) == before
