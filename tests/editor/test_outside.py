"""A file changed on the server by hand is noticed, shown with its diff, and becomes a
version only when a reviewer accepts it; nothing is overwritten silently either way."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from app.services import services
from tests.support.editing import TOPIC, change_body, review_form, topic_file

BY_HAND = "This sentence was typed on the server."


def edit_by_hand(app: Flask) -> None:
    path = services(app).settings.content_dir / "your-results.md"
    path.write_text(path.read_text().rstrip() + f"\n\n{BY_HAND}\n")


def test_a_change_by_hand_is_shown_and_blocks_publishing_until_accepted(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    change_body(editing, "submit")
    edit_by_hand(app)
    page = html.unescape(reviewing.get(TOPIC).get_data(as_text=True))
    assert "Changed outside the editor since version 1" in page
    assert re.search(rf"<ins>\s*{BY_HAND.split()[0]}", page)
    refused = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert refused.status_code == 422
    assert BY_HAND in topic_file(app)  # not overwritten by the draft
    accepted = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "accept_outside",
                                           "note": "A fix made on the server"})  # fmt: skip
    assert accepted.status_code == 302
    history = reviewing.get(TOPIC + "/history").get_data(as_text=True)
    assert "A fix made on the server" in history and "changed on the server" in history


def test_a_change_by_hand_can_be_put_back_by_a_reviewer(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    before = topic_file(app)
    edit_by_hand(app)
    assert (
        editing.post(TOPIC, data={**review_form(editing), "action": "discard_outside"}).status_code
        == 403
    )
    done = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "discard_outside"})
    assert done.status_code == 302
    assert topic_file(app) == before
