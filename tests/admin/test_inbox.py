"""A reviewer's (or an admin's) first page lists what waits for them: drafts submitted for
review and recordings waiting for approval, with who made each and since when, linked to
where it is acted on; it never says nothing is due while something waits."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from flask import Flask

from app.accounts.models import User
from app.db.session import new_session
from app.editor.models import Document
from app.recordings import service
from app.recordings.convert import Converted
from app.recordings.models import Recording
from app.services import services
from tests.support.admin import Person, add_person, signed_in
from tests.support.editing import (
    TOPIC,
    app,
    change_body,
    editing,
    editor,
    review_form,
    reviewer,
    reviewing,
    said,
)

__all__ = ["app", "editing", "editor", "reviewer", "reviewing"]
NOTHING = "Nothing is due for review."


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """No topic near its review date: only what is submitted waits."""
    far = dt.date.today() + dt.timedelta(days=365)
    for path in content_dir.glob("*.md"):
        path.write_text(re.sub(r"(?m)^review_due: .*$", f"review_due: {far}", path.read_text()))
    return content_dir


def waiting(page: str, kind: str) -> list[tuple[str, str, str]]:
    """The first page's list of waiting drafts or recordings: (link, name, the rest)."""
    found = re.search(rf'<ul id="waiting-{kind}">(.*?)</ul>', page, re.S)
    if not found:
        return []
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>(.*?)</li>', found[1], re.S)
    return [(href, html.unescape(name), " ".join(re.sub("<[^>]+>", "", rest).split()))
            for href, name, rest in items]  # fmt: skip


def since(when: dt.datetime) -> str:
    return f"waiting since {when:%-d %B %Y, %H:%M} UTC"


def draft_saved_at(app: Flask) -> dt.datetime:
    with new_session(app) as session:
        [document] = session.query(Document).filter_by(lang="en", slug="your-results")
        assert document.draft is not None
        return document.draft.updated_at


def test_a_reviewers_first_page_shows_a_waiting_draft_with_its_author_and_since_when(
    app, editing, reviewing
):
    assert waiting(reviewing.get("/admin/").get_data(as_text=True), "drafts") == []
    assert change_body(editing, "submit").status_code == 302
    page = reviewing.get("/admin/").get_data(as_text=True)
    title = services(app).speaker.libraries["en"].articles["your-results"].title
    assert waiting(page, "drafts") == [
        (TOPIC, f"{title} (en)", f", by Erin Editor, {since(draft_saved_at(app))}")
    ]
    assert NOTHING not in page and "1 waiting for a reviewer" in page
    assert 'id="review-form"' in reviewing.get(TOPIC).get_data(as_text=True)  # where it links


def test_a_draft_sent_back_no_longer_waits_and_nothing_is_due_is_said_again(
    app, editing, reviewing
):
    assert change_body(editing, "submit").status_code == 302
    back = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "send_back",
                                       "comment": "Name the team."})  # fmt: skip
    assert back.status_code == 302, said(back)
    page = reviewing.get("/admin/").get_data(as_text=True)
    assert waiting(page, "drafts") == [] and 'id="waiting-none"' in page
    assert NOTHING in page


def take_of_welcome(app: Flask, editor: Person) -> Recording:
    """A take of the welcome made by `editor`, as the upload form keeps it."""
    with app.test_request_context(), new_session(app) as session:
        maker = session.get(User, editor.id)
        assert maker is not None
        words = services(app).speaker.library.prompt("welcome")
        item = service.Item("en", "prompt:welcome", words)
        sound = Converted(b"ID3 normal", b"ID3 slow", 3.0, 3.6)
        return service.add(session, item, sound, "upload", maker, services(app).settings.audio_dir)


def test_a_waiting_recording_is_listed_with_who_made_it_and_since_when(app, editor, reviewing):
    take = take_of_welcome(app, editor)
    page = reviewing.get("/admin/").get_data(as_text=True)
    [(href, name, rest)] = waiting(page, "recordings")
    assert href == "/admin/recordings/en/prompt:welcome" and name.endswith("(en)")
    assert rest == f", recorded by Erin Editor, {since(take.made_at)}"
    assert NOTHING not in page
    assert f'data-take="{take.id}"' in reviewing.get(href).get_data(as_text=True)


@pytest.mark.parametrize("role,shown", [("reviewer", True), ("admin", True), ("editor", False)])
def test_what_waits_is_on_the_first_page_of_reviewers_and_admins(app, editing, role, shown, redis):
    assert change_body(editing, "submit").status_code == 302
    someone = signed_in(app.test_client(), add_person(app, role, name="Someone Else"))
    page = someone.get("/admin/").get_data(as_text=True)
    assert bool(waiting(page, "drafts")) is shown
    assert NOTHING not in page
