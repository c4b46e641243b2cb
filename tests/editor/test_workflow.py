"""Draft, review, publish through the pages: an editor changes a topic, a reviewer who did
not write it publishes it, callers hear the new words; nobody publishes their own words."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.admin import add_person, trail
from tests.support.editing import (
    NEW_WORDS,
    TOPIC,
    as_person,
    change_body,
    edit_form,
    review_form,
    said,
    topic_file,
)


def test_an_editors_draft_is_never_heard_until_a_second_person_publishes_it(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, call
):
    before = topic_file(app)
    assert change_body(editing, "submit").status_code == 302
    assert topic_file(app) == before  # a draft: the line reads only published files
    phone = call()
    phone.start()
    heard = " ".join(phone.press("4").said + phone.documents[-1:])
    assert NEW_WORDS not in heard
    published = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert published.status_code == 302, said(published)
    assert NEW_WORDS in topic_file(app)
    follow = reviewing.get(TOPIC).get_data(as_text=True)
    assert "Published as version" in follow
    assert "Erin Editor" in follow and "Rhys Reviewer" in follow


def test_the_author_of_a_draft_cannot_approve_it(app: Flask, editor, redis):
    both = add_person(app, "reviewer", name="Rowan Reviewer")
    writer = as_person(app, editor)
    assert change_body(writer, "submit").status_code == 302
    # A reviewer cannot write; an editor cannot approve: the page refuses either way.
    refused = writer.post(TOPIC, data={**review_form(writer), "action": "approve"})
    assert refused.status_code == 403
    reviewer = as_person(app, both)
    assert reviewer.post(TOPIC, data={**review_form(reviewer), "action": "save"}).status_code == 403
    assert NEW_WORDS not in topic_file(app)


def test_a_reviewer_sends_a_draft_back_with_a_comment_and_the_line_is_untouched(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    before = topic_file(app)
    change_body(editing, "submit")
    comment = "Please say what to do if nobody answers."
    sent = reviewing.post(
        TOPIC, data={**review_form(reviewing), "action": "send_back", "comment": comment}
    )
    assert sent.status_code == 302
    assert comment in editing.get(TOPIC).get_data(as_text=True)
    assert topic_file(app) == before
    later = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert later.status_code == 422  # sent back: not waiting for review any more


def test_a_second_save_from_an_older_page_is_told_and_shown_both_texts(app: Flask, editor, redis):
    other = add_person(app, "editor", name="Eli Editor")
    first, second = as_person(app, editor), as_person(app, other)
    change_body(first, "save")
    stale = edit_form(second)
    change_body(first, "save", note="a second change")
    stale.update(body=stale["body"] + "\n\nA sentence of my own.", action="save")
    answer = second.post(TOPIC, data=stale)
    assert answer.status_code == 409
    page = answer.get_data(as_text=True)
    assert "Someone else saved this draft" in page
    assert "A sentence of my own." in page and NEW_WORDS in page


@pytest.mark.parametrize(
    "change,message",
    [
        ({"key": "3"}, "topic keys must be distinct"),
        ({"title": ""}, "'title' is required"),
        ({"menu": "gone"}, "unknown menu"),
        ({"sms_summary": "x" * 400}, "we never send more than"),
        ({"sources": " "}, "where this topic's facts come from"),
    ],
)
def test_a_broken_draft_is_kept_but_not_submitted_and_its_editor_is_told_why(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, change, message
):
    before = topic_file(app)
    refused = change_body(editing, "submit", **change)
    assert refused.status_code == 422  # told at submit, on the page they typed in
    assert message in html.unescape(refused.get_data(as_text=True))
    assert edit_form(editing)["body"].count(NEW_WORDS) == 1  # the words are kept, as typed
    waiting = reviewing.get(TOPIC).get_data(as_text=True)
    assert "A draft is waiting for review" not in waiting and 'id="review-form"' not in waiting
    later = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert later.status_code == 422  # not submitted: nothing for a reviewer to approve
    assert topic_file(app) == before


def test_every_step_is_in_the_audit_trail_with_its_persons_name(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    change_body(editing, "submit")
    reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    steps = [
        (e.action, e.actor_name)
        for e in trail(app)
        if e.action.startswith("content.") and not e.actor_name.startswith("command line")
    ]
    assert steps == [
        ("content.draft_saved", "Erin Editor"),
        ("content.submitted", "Erin Editor"),
        ("content.published", "Rhys Reviewer"),
    ]
