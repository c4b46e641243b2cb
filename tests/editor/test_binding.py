"""Approval binds to what was reviewed: the review form carries the draft's revision and a
digest of its words, and a draft changed after the page was shown is never published by it."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.admin import trail
from tests.support.editing import (
    NEW_WORDS,
    TOPIC,
    change_body,
    edit_form,
    review_form,
    said,
    topic_file,
)

LATER_WORDS = "Your results are sent to the doctor who asked for your scan, within a week."


def resubmitted_with_other_words(editing: FlaskClient) -> None:
    """The editor changes the submitted draft and submits it again."""
    again = edit_form(editing)
    again["body"] = again["body"].replace(NEW_WORDS, LATER_WORDS)
    assert editing.post(TOPIC, data={**again, "action": "submit"}).status_code == 302


def test_a_reviewer_who_read_version_a_never_publishes_version_b(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    change_body(editing, "submit")
    seen = review_form(reviewing)  # the reviewer opens the draft: it reads NEW_WORDS
    resubmitted_with_other_words(editing)
    refused = reviewing.post(TOPIC, data={**seen, "action": "approve"})
    assert refused.status_code == 409, said(refused)
    assert LATER_WORDS not in topic_file(app) and NEW_WORDS not in topic_file(app)
    page = html.unescape(refused.get_data(as_text=True))
    assert LATER_WORDS in page  # the draft as it is now, to read before approving
    assert not [e for e in trail(app) if e.action == "content.published" and e.actor_name
                == "Rhys Reviewer"]  # fmt: skip
    # Read again, the new words can be approved from the page that shows them.
    again = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert again.status_code == 302, said(again)
    assert LATER_WORDS in topic_file(app)


def test_a_send_back_from_an_older_page_is_refused_too(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    change_body(editing, "submit")
    seen = review_form(reviewing)
    resubmitted_with_other_words(editing)
    refused = reviewing.post(TOPIC, data={**seen, "action": "send_back", "comment": "No."})
    assert refused.status_code == 409, said(refused)
    assert "A draft is waiting for review" in editing.get(TOPIC).get_data(as_text=True)


@pytest.mark.parametrize(
    "forged",
    [
        {"revision": "", "digest": ""},
        {"revision": "99", "digest": None},
        {"revision": None, "digest": "0" * 64},
        {"revision": "1" * 40, "digest": "<script>"},
        {"revision": "-1", "digest": "x"},
    ],
)
def test_a_missing_or_forged_revision_is_refused_politely(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, forged: dict[str, str | None]
):
    before = topic_file(app)
    change_body(editing, "submit")
    form = review_form(reviewing)
    for name, value in forged.items():
        if value is None:
            continue
        form[name] = value
    refused = reviewing.post(TOPIC, data={**form, "action": "approve"})
    assert 400 <= refused.status_code < 500, said(refused)
    assert topic_file(app) == before
