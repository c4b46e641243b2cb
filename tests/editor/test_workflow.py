"""Draft, review, publish through the pages: an editor changes a topic, a reviewer who did
not write it publishes it, callers hear the new words; nobody publishes their own words."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import services
from tests.editor.conftest import as_person
from tests.support.admin import add_person, trail
from tests.support.forms import form_values

TOPIC = "/admin/content/en/your-results"
NEW_WORDS = "Your results will come from the team who asked for your scan."


def edit_form(client: FlaskClient, url: str = TOPIC) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return form_values(page.get_data(as_text=True), "editor")


def change_body(client: FlaskClient, action: str, url: str = TOPIC, **changes: str):
    form = edit_form(client, url)
    form["body"] = form["body"].replace("Contact your hospital or your GP surgery.", NEW_WORDS)
    form.setdefault("sources", "")
    if not form["sources"]:
        form["sources"] = "NHS: Radionuclide scan, nhs.uk, checked 2026"
    form.update({"note": "Clearer about who sends results", **changes})
    return client.post(url, data={**form, "action": action})


def said(response) -> str:  # type: ignore[no-untyped-def]
    """The error a page shows, for a failing assertion to print."""
    found = re.search(r'id="error">([^<]*)', response.get_data(as_text=True))
    return html.unescape(found.group(1)) if found else f"status {response.status_code}"


def review_form(client: FlaskClient, url: str = TOPIC) -> dict[str, str]:
    """What a reviewer's page sends with a step: its CSRF token and, when a draft waits for
    review, the review form's fields (the revision and digest of the words it shows)."""
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token
    fields = form_values(page, "review-form")
    fields.pop("comment", None)
    return {**fields, "csrf_token": token.group(1)}


def topic_file(app: Flask) -> str:
    return (services(app).settings.content_dir / "your-results.md").read_text()


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
