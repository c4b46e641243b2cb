"""Translations stay honest: when the English words of a topic change, its Welsh and Polish
are marked behind English with the English diff, until a reviewer confirms or updates them;
callers keep hearing the last reviewed translation meanwhile."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from app.services import services
from tests.support.editing import NEW_WORDS, publish_change, review_form

WELSH = "/admin/content/cy/your-results"


def test_changed_english_marks_each_translation_behind_until_a_reviewer_confirms_it(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    welsh_file = services(app).settings.content_dir / "your-results.cy.md"
    welsh = welsh_file.read_text()
    assert "Behind English" not in reviewing.get(WELSH).get_data(as_text=True)
    publish_change(editing, reviewing)
    page = html.unescape(reviewing.get(WELSH).get_data(as_text=True))
    assert "Behind English" in page and re.search(rf"<ins>\s*{NEW_WORDS.split()[0]}", page)
    grid = reviewing.get("/admin/content").get_data(as_text=True)
    assert grid.count("behind English") == 2  # Welsh and Polish
    assert welsh_file.read_text() == welsh  # callers hear the last reviewed Welsh
    done = reviewing.post(WELSH, data={**review_form(reviewing), "action": "confirm_translation"})
    assert done.status_code == 302
    assert "Behind English" not in reviewing.get(WELSH).get_data(as_text=True)
    assert reviewing.get("/admin/content").get_data(as_text=True).count("behind English") == 1
