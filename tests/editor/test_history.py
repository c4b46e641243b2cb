"""Every published version kept, with a word-level diff between any two, and a rollback
that publishes an earlier version again, as a new version, and brings its words back."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from tests.editor.test_workflow import NEW_WORDS, TOPIC, change_body, review_form, said, topic_file

HISTORY = TOPIC + "/history"


def publish_change(editing: FlaskClient, reviewing: FlaskClient) -> None:
    change_body(editing, "submit")
    done = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert done.status_code == 302, said(done)


def test_the_history_shows_both_versions_and_the_words_that_changed(
    editing: FlaskClient, reviewing: FlaskClient
):
    publish_change(editing, reviewing)
    page = html.unescape(reviewing.get(HISTORY + "?a=1&b=2").get_data(as_text=True))
    assert "Clearer about who sends results" in page  # the note kept with version 2
    assert "Erin Editor" in page and "Rhys Reviewer" in page
    assert re.search(rf"<ins>\s*{NEW_WORDS.split()[0]}", page)
    assert re.search(r"<del>\s*Contact", page)


def test_a_rollback_publishes_the_old_words_again_as_a_new_version(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, call
):
    before = topic_file(app)
    publish_change(editing, reviewing)
    back = reviewing.post(HISTORY, data={**review_form(reviewing), "action": "rollback",
                                         "version": "1"})  # fmt: skip
    assert back.status_code == 302
    assert NEW_WORDS not in topic_file(app)
    assert before.split("---", 2)[2].strip() in topic_file(app)  # the same words
    page = reviewing.get(HISTORY).get_data(as_text=True)
    assert "Back to version 1" in page and '<th scope="row">3</th>' in page
    phone = call()
    phone.start()
    assert NEW_WORDS not in " ".join(phone.press("4").said)


def test_only_a_reviewer_rolls_back(editing: FlaskClient, reviewing: FlaskClient):
    publish_change(editing, reviewing)
    refused = editing.post(HISTORY, data={**review_form(editing), "action": "rollback",
                                          "version": "1"})  # fmt: skip
    assert refused.status_code == 403
