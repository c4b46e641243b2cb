"""Listen before publishing: a submitted draft's audio is rendered in the background, the
reviewer plays each changed part, and callers hear the published words in real audio at
once (never <Say> for a change whose audio had rendered)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.audio.manifest import prune
from app.services import services
from tests.support.editing import NEW_WORDS, TOPIC, change_body, render_queued, review_form, said

pytestmark = pytest.mark.slow  # renders audio with a real (in-process) rq worker


def test_a_reviewer_hears_each_changed_part_before_publishing(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, worker_settings
):
    change_body(editing, "submit")
    waiting = reviewing.get(TOPIC).get_data(as_text=True)
    assert "rendering" in waiting  # queued, not made yet
    render_queued(app)
    page = reviewing.get(TOPIC).get_data(as_text=True)
    players = re.findall(r'<audio controls preload="none" src="(/audio/[0-9a-f]{24}\.mp3)"', page)
    assert players, "no changed part to listen to"
    for player in players:
        with reviewing.get(player) as audio:
            assert audio.status_code == 200 and audio.mimetype == "audio/mpeg"
    assert NEW_WORDS in page


def test_callers_hear_the_published_words_in_real_audio_at_once(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, worker_settings, call
):
    change_body(editing, "submit")
    render_queued(app)
    published = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert published.status_code == 302, said(published)
    phone = call()
    phone.start()
    turn = phone.press("4")
    heard = [turn]
    while turn.gather and "/part/" in turn.gather["action"]:
        turn = phone.press("6")
        heard.append(turn)
    spoken = " ".join(s for t in heard for s in t.said)
    assert NEW_WORDS not in spoken  # not <Say>: its audio had rendered
    items = services(app).speaker.items()
    changed = [i for i in items.values() if NEW_WORDS in i.text and not i.slow and i.lang == "en"]
    assert changed and all(any(i.key == h for t in heard for h in t.heard) for i in changed)


def test_a_drafts_audio_is_kept_from_prune_until_its_review(
    app: Flask, editing: FlaskClient, worker_settings
):
    change_body(editing, "submit")
    render_queued(app)
    audio = services(app).settings.audio_dir
    made = {p.name for p in audio.glob("*.mp3")}
    prune(audio, grace_seconds=0)  # replaced audio would go at once
    assert made <= {p.name for p in audio.glob("*.mp3")}
