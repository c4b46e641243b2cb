"""Approval binds to the words the reviewer read even when a draft is thrown away and begun
again: the new draft is revision 1 again, so only the digest of its words, its note and its
sources tells it from the one the reviewer's page showed. Written for the mutation run
(bench/mutation.py): in the other tests a changed draft also has a new revision number."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import services
from tests.support.admin import trail
from tests.support.editing import edit_form, review_form, said
from tests.support.forms import form_values

PROMPTS = "/admin/content/en/prompts"
WORDS = "Sorry, I did not catch that. Please try again."
NOTE = "Shorter"
SOURCES = "The department's own patient information, 2026"
OTHER = {
    "words": {"prompt-sorry": "Sorry, that key is not in use. Please try another."},
    "note": {"note": "Friendlier, after the patients' panel"},
    "sources": {"sources": "The patients' panel, November 2026"},
}


def submitted(client: FlaskClient, **changes: str) -> None:
    """A draft of the prompts: the words, note and sources above, changed by `changes`."""
    form = edit_form(client, PROMPTS)
    form.update({"prompt-sorry": WORDS, "note": NOTE, "sources": SOURCES, **changes})
    answer = client.post(PROMPTS, data={**form, "action": "submit"})
    assert answer.status_code == 302, said(answer)


def thrown_away(client: FlaskClient) -> None:
    """The draft thrown away, through the page and its confirmation."""
    form = form_values(client.get(PROMPTS).get_data(as_text=True), "discard-form")
    page = client.post(PROMPTS, data={**form, "action": "discard"})
    confirm = form_values(page.get_data(as_text=True), "discard-confirm")
    done = client.post(PROMPTS, data={**confirm, "action": "discard"})
    assert done.status_code == 302, said(done)


def prompts_file(app: Flask) -> str:
    return (services(app).settings.content_dir / "prompts.yaml").read_text()


@pytest.mark.parametrize("other", sorted(OTHER))
def test_a_draft_begun_again_with_other_words_note_or_sources_is_not_approved_from_the_old_page(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, other: str
):
    before = prompts_file(app)
    submitted(editing)
    seen = review_form(reviewing, PROMPTS)  # the reviewer's page: revision 1, these words
    assert seen["revision"] == "1"
    thrown_away(editing)
    submitted(editing, **OTHER[other])  # begun again: revision 1 again
    assert review_form(reviewing, PROMPTS)["revision"] == "1"
    refused = reviewing.post(PROMPTS, data={**seen, "action": "approve"})
    assert refused.status_code == 409, said(refused)
    assert prompts_file(app) == before
    assert not [e for e in trail(app) if e.action == "content.published"
                and e.actor_name == "Rhys Reviewer"]  # fmt: skip
    # Read again, the new draft can be approved from the page that shows it.
    again = reviewing.post(PROMPTS, data={**review_form(reviewing, PROMPTS), "action": "approve"})
    assert again.status_code == 302, said(again)
    assert prompts_file(app) != before


def test_a_draft_begun_again_with_the_very_same_words_is_what_the_reviewer_read(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    submitted(editing)
    seen = review_form(reviewing, PROMPTS)
    thrown_away(editing)
    submitted(editing)
    done = reviewing.post(PROMPTS, data={**seen, "action": "approve"})
    assert done.status_code == 302, said(done)
    assert WORDS in prompts_file(app)
