"""The checks that block publishing, at approval too: words that could not be published are
refused when a reviewer approves them, even if they were submitted (a draft submitted before
the checks ran at submit, or read from an older release's database). Written for the mutation
run (bench/mutation.py): the editor's own test stops a broken draft at submit."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from sqlalchemy import select

from app.db.session import new_session
from app.editor.models import Draft
from tests.support.admin import Person
from tests.support.editing import NEW_WORDS, TOPIC, as_person, change_body, review_form, topic_file


def broken_while_waiting(app: Flask) -> None:
    """The submitted draft's text summary made far too long for one text, in the database."""
    with new_session(app) as session:
        draft = session.scalars(select(Draft)).one()
        draft.text = re.sub(r"(?m)^sms_summary: .*$", "sms_summary: " + "x" * 400, draft.text)
        session.commit()


def test_a_submitted_draft_that_cannot_be_published_is_refused_at_approval(
    app: Flask, editor: Person, reviewer: Person, redis
):
    before = topic_file(app)
    submitted = change_body(as_person(app, editor), "submit")
    assert submitted.status_code == 302 and "login" not in submitted.headers["Location"]
    broken_while_waiting(app)
    checking = as_person(app, reviewer)
    refused = checking.post(TOPIC, data={**review_form(checking), "action": "approve"})
    assert refused.status_code == 422
    assert topic_file(app) == before and NEW_WORDS not in topic_file(app)


def test_a_topic_with_no_review_date_goes_for_review_and_is_published_due_in_a_year(
    app: Flask, editor: Person, reviewer: Person, redis
):
    writing = as_person(app, editor)
    assert "review_due: 2027" in topic_file(app)
    submitted = change_body(writing, "submit", review_due="")  # the editor leaves it empty
    assert submitted.status_code == 302 and "login" not in submitted.headers["Location"]
    checking = as_person(app, reviewer)
    published = checking.post(TOPIC, data={**review_form(checking), "action": "approve"})
    assert published.status_code == 302
    due = dt.date.today() + dt.timedelta(days=365)
    assert NEW_WORDS in topic_file(app)
    assert f"review_due: {due.isoformat()}" in topic_file(app)
    assert f"last_reviewed: {dt.date.today().isoformat()}" in topic_file(app)
