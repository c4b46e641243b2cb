"""A reviewer approves exactly the take their page played: a take uploaded after the page
was shown is never published by it, and a take whose sound changed since is refused."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from app.db.session import new_session
from app.recordings.models import Recording
from app.services import services
from tests.support.admin import trail
from tests.support.recordings import post_review, review_forms, takes, upload
from tests.support.voice import louder

pytestmark = pytest.mark.slow  # converts recordings with ffmpeg


def published(app: Flask) -> dict[str, str] | None:
    """The welcome's recording callers hear, as recordings.yaml says (None: none)."""
    path = services(app).settings.content_dir / "recordings.yaml"
    if not path.exists():
        return None
    return (yaml.safe_load(path.read_text()) or {}).get("en", {}).get("prompt:welcome")


def files_of(app: Flask) -> dict[int, str]:
    with new_session(app) as session:
        return {t.id: t.normal for t in session.query(Recording)}


def states(app: Flask) -> dict[int, str]:
    with new_session(app) as session:
        return {t.id: t.status for t in session.query(Recording)}


def test_approving_publishes_the_take_heard_never_one_uploaded_after_the_page_was_shown(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, person: Path
):
    assert upload(editing, person.read_bytes()).status_code == 302
    [first] = takes(editing)
    shown = review_forms(reviewing)  # the reviewer's page, listening to the first take
    assert list(shown) == [first]
    assert upload(editing, louder(person, 3).read_bytes()).status_code == 302
    second = next(t for t in takes(editing) if t != first)

    assert post_review(reviewing, shown[first]).status_code == 302
    files = files_of(app)
    assert files[int(first)] != files[int(second)]
    assert (published(app) or {}).get("normal") == files[int(first)]
    assert states(app) == {int(first): "approved", int(second): "draft"}  # its own review


def test_a_form_naming_another_take_than_the_one_played_publishes_nothing(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, person: Path
):
    upload(editing, person.read_bytes())
    [first] = takes(editing)
    shown = review_forms(reviewing)[first]
    upload(editing, louder(person, 3).read_bytes())
    second = next(t for t in takes(editing) if t != first)

    answer = post_review(reviewing, {**shown, "take": second})  # the first take's sound
    assert answer.status_code == 409
    page = html.unescape(answer.get_data(as_text=True))
    assert "not the one your page played" in page
    assert f'data-take="{second}"' in page  # the page as it is now, to listen again
    assert published(app) is None
    assert set(states(app).values()) == {"draft"}
    assert post_review(reviewing, {**shown, "heard": ""}).status_code == 409
    assert published(app) is None


def test_a_take_whose_sound_changed_after_the_page_was_shown_is_not_published(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, person: Path
):
    upload(editing, person.read_bytes())
    [take] = takes(editing)
    shown = review_forms(reviewing)[take]
    with new_session(app) as session:  # the sound swapped underneath, by whatever means
        row = session.get(Recording, int(take))
        assert row is not None
        row.normal_audio = row.normal_audio[:-1024]
        session.commit()

    answer = post_review(reviewing, shown)
    assert answer.status_code == 409
    assert published(app) is None
    assert states(app)[int(take)] == "draft"
    fresh = review_forms(reviewing)[take]  # listened to again: the page's new form works
    assert post_review(reviewing, fresh).status_code == 302
    assert published(app) is not None


def test_an_earlier_recording_is_published_again_only_with_a_reason_the_trail_keeps(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, person: Path
):
    upload(editing, person.read_bytes())
    [first] = takes(editing)
    assert post_review(reviewing, review_forms(reviewing)[first]).status_code == 302
    upload(editing, louder(person, 3).read_bytes())
    second = next(t for t in takes(editing) if t != first)
    assert post_review(reviewing, review_forms(reviewing)[second]).status_code == 302
    files = files_of(app)

    again = review_forms(reviewing)[first]
    refused = post_review(reviewing, {**again, "reason": "  "})
    assert refused.status_code == 422
    assert (published(app) or {}).get("normal") == files[int(second)]
    answer = post_review(reviewing, {**again, "reason": "The new take  clips the last word"})
    assert answer.status_code == 302
    assert (published(app) or {}).get("normal") == files[int(first)]
    [entry] = [e for e in trail(app) if e.action == "recording.republished"]
    assert json.loads(entry.detail)["reason"] == "The new take clips the last word"
