"""Hypothesis on every editor form: whatever is typed or forged, a page or a 4xx, never a
500; a save keeps the words as typed and never touches the line's files."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.editor.views import STEPS
from app.services import services
from tests.support.editing import edit_form

pytestmark = pytest.mark.slow  # many hypothesis examples
TIDY = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
FIELDS = ("title", "option", "menu", "key", "keywords", "sms_summary", "links", "sources",
          "review_due", "body", "note", "revision", "comment", "prompt-sorry",
          "menu-main-title", "menu-resources-key", "digest", "confirm")  # fmt: skip
PAGES = ("/admin/content/en/your-results", "/admin/content/cy/prompts",
         "/admin/content/pl/menus", "/admin/content/en/a-new-one")  # fmt: skip


def files(app: Flask) -> dict[str, str]:
    content = services(app).settings.content_dir
    return {p.relative_to(content).as_posix(): p.read_text()
            for p in sorted(content.rglob("*")) if p.is_file()}  # fmt: skip


@settings(max_examples=40, **TIDY)
@given(
    page=st.sampled_from(PAGES),
    action=st.sampled_from([*STEPS, "", "delete", "approve\x00"]),
    typed=st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=6),
)
def test_any_form_on_any_page_gets_an_answer_and_a_save_never_touches_the_line(
    app: Flask, editing: FlaskClient, page: str, action: str, typed: dict[str, str]
):
    before = files(app)
    form = {**edit_form(editing, page), **typed, "action": action}
    answer = editing.post(page, data=form)
    assert answer.status_code < 500
    checked = editing.post(page + "/check", data=form)
    assert checked.status_code < 500
    assert files(app) == before  # an editor's words are a draft until a reviewer publishes
