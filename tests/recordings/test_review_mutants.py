"""A review form that names no take, or a take that does not exist, is refused politely and
publishes nothing (never a 500). Written for the mutation run (bench/mutation.py): the other
tests always name a take that exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app.db.session import new_session
from app.recordings.models import Recording
from tests.support.recordings import post_review, review_forms, takes, upload

pytestmark = pytest.mark.slow  # converts a recording with ffmpeg


@pytest.mark.parametrize("take", [None, "", "999999", "1; 2", "-1"])
def test_a_form_naming_no_take_or_one_that_is_not_there_publishes_nothing(
    app, editing: FlaskClient, reviewing: FlaskClient, person: Path, take: str | None
):
    upload(editing, person.read_bytes())
    [real] = takes(editing)
    form = dict(review_forms(reviewing)[real])
    if take is None:
        form.pop("take")
    else:
        form["take"] = take
    answer = post_review(reviewing, form)
    assert 400 <= answer.status_code < 500
    with new_session(app) as session:
        assert {t.status for t in session.query(Recording)} == {"draft"}
