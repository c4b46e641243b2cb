"""Every published version kept, with a word-level diff between any two, and a rollback
that publishes an earlier version again, as a new version, and brings its words back: on a
confirmation page that shows what callers would hear instead, with a reason, bound to it."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.accounts.service import change_role
from app.db.session import new_session
from tests.support.admin import trail
from tests.support.editing import (
    NEW_WORDS,
    TOPIC,
    as_person,
    change_body,
    old_words,
    publish_change,
    review_form,
    said,
    topic_file,
)
from tests.support.forms import form_values

HISTORY = TOPIC + "/history"


def test_the_history_shows_both_versions_and_the_words_that_changed(
    editing: FlaskClient, reviewing: FlaskClient
):
    publish_change(editing, reviewing)
    page = html.unescape(reviewing.get(HISTORY + "?a=1&b=2").get_data(as_text=True))
    assert "Clearer about who sends results" in page  # the note kept with version 2
    assert "Erin Editor" in page and "Rhys Reviewer" in page
    assert re.search(rf"<ins>\s*{NEW_WORDS.split()[0]}", page)
    assert re.search(rf"<del>\s*{re.escape(old_words().split()[0])}", page)


def rollback_form(client: FlaskClient, number: int) -> dict[str, str]:
    """The confirmation page for going back to version `number`: its form as shown."""
    page = client.get(f"{HISTORY}/back?version={number}")
    assert page.status_code == 200, page.status_code
    return form_values(page.get_data(as_text=True), "rollback-form")


def test_a_rollback_is_confirmed_with_a_reason_and_publishes_the_old_words_again(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, call
):
    before = topic_file(app)
    publish_change(editing, reviewing)
    history = reviewing.get(HISTORY).get_data(as_text=True)
    assert 'action="/admin/content/en/your-results/history/back"' in history  # a GET: a page
    confirm = reviewing.get(f"{HISTORY}/back?version=1").get_data(as_text=True)
    assert re.search(rf"<del>\s*{NEW_WORDS.split()[0]}", confirm)  # what callers would lose
    assert topic_file(app) != before  # nothing happened by opening it
    form = rollback_form(reviewing, 1)
    reason = "The new wording confused patients on the ward."
    back = reviewing.post(HISTORY, data={**form, "reason": reason, "action": "rollback"})
    assert back.status_code == 302, said(back)
    assert NEW_WORDS not in topic_file(app)
    assert before.split("---", 2)[2].strip() in topic_file(app)  # the same words
    page = reviewing.get(HISTORY).get_data(as_text=True)
    assert reason in page and '<th scope="row">3</th>' in page
    (entry,) = [e for e in trail(app) if e.action == "content.rolled_back"]
    assert entry.actor_name == "Rhys Reviewer" and reason in entry.detail
    phone = call()
    phone.start()
    assert NEW_WORDS not in " ".join(phone.press("4").said)


@pytest.mark.parametrize("reason", ["", "   \n ", ".", " - ", "x"])
def test_a_rollback_without_a_reason_is_refused(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, reason: str
):
    publish_change(editing, reviewing)
    form = rollback_form(reviewing, 1)
    refused = reviewing.post(HISTORY, data={**form, "reason": reason, "action": "rollback"})
    assert refused.status_code == 422
    assert NEW_WORDS in topic_file(app)


def test_a_rollback_confirmed_on_an_older_page_is_refused(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    publish_change(editing, reviewing)
    seen = rollback_form(reviewing, 1)  # shows version 2 -> version 1
    change_body(editing, "submit", note="a third version")  # ...then version 3 goes live
    again = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert again.status_code == 302, said(again)
    live = topic_file(app)
    refused = reviewing.post(HISTORY, data={**seen, "reason": "Wrong.", "action": "rollback"})
    assert refused.status_code == 409
    assert topic_file(app) == live
    forged = {**seen, "live": "3", "digest": "0" * 64, "reason": "Wrong.", "action": "rollback"}
    assert reviewing.post(HISTORY, data=forged).status_code == 409
    bare = {"csrf_token": seen["csrf_token"], "version": "1", "reason": "x", "action": "rollback"}
    assert reviewing.post(HISTORY, data=bare).status_code == 422  # an old one-click form
    assert topic_file(app) == live


def test_only_a_reviewer_rolls_back(editing: FlaskClient, reviewing: FlaskClient):
    publish_change(editing, reviewing)
    form = rollback_form(reviewing, 1)
    mine = review_form(editing)["csrf_token"]
    refused = editing.post(HISTORY, data={**form, "csrf_token": mine, "reason": "x",
                                          "action": "rollback"})  # fmt: skip
    assert refused.status_code == 403
    assert editing.get(f"{HISTORY}/back?version=1").status_code == 403


def test_the_author_of_a_version_cannot_put_it_back_even_as_a_reviewer_later(
    app: Flask, editor, editing: FlaskClient, reviewing: FlaskClient
):
    publish_change(editing, reviewing)  # version 2, written by Erin
    change_body(editing, "submit", body="A third wording, by the same editor.")
    assert (
        reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"}).status_code
        == 302
    )
    with new_session(app) as session:
        erin = session.get(User, editor.id)
        assert erin is not None
        change_role(session, erin, "reviewer", "command line (test)")
    promoted = as_person(app, editor)
    form = rollback_form(promoted, 2)
    refused = promoted.post(
        HISTORY, data={**form, "reason": "Mine was better.", "action": "rollback"}
    )
    assert refused.status_code == 422
    assert "A third wording" in topic_file(app)
