"""Editing the content through the admin pages, as staff do: the editor's and reviewer's
fixtures (on both databases) and the steps the editor's, recordings' and links' tests share.
A package's conftest imports the fixtures it wants: `from tests.support.editing import app`.

A change replaces the topic's last paragraph, whatever its shipped words say, by NEW_WORDS."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue, SimpleWorker

from app.queues import AUDIO
from app.services import services
from tests.support import shipped
from tests.support.admin import Person, add_person, signed_in
from tests.support.edits import replaced
from tests.support.forms import form_values

TOPIC = "/admin/content/en/your-results"
NEW_WORDS = "Your results will come from the team who asked for your scan."


@pytest.fixture
def config(config: dict[str, str], database_url: str) -> dict[str, str]:
    return {**config, "DATABASE_URL": database_url}


@pytest.fixture
def app(app: Flask) -> Flask:
    """The line with its content in the editor, as `flask content import` leaves it."""
    done = app.test_cli_runner().invoke(args=["content", "import"])
    assert done.exit_code == 0, done.output
    return app


@pytest.fixture
def editor(app: Flask) -> Person:
    return add_person(app, "editor", name="Erin Editor")


@pytest.fixture
def reviewer(app: Flask) -> Person:
    return add_person(app, "reviewer", name="Rhys Reviewer")


def as_person(app: Flask, person: Person) -> FlaskClient:
    """A browser of its own, signed in as `person`."""
    return signed_in(app.test_client(), person)


@pytest.fixture
def editing(app: Flask, editor: Person, redis) -> FlaskClient:  # type: ignore[no-untyped-def]
    return as_person(app, editor)


@pytest.fixture
def reviewing(app: Flask, reviewer: Person, redis) -> FlaskClient:  # type: ignore[no-untyped-def]
    return as_person(app, reviewer)


def old_words() -> str:
    """The words a change replaces: the topic's last paragraph, as shipped (each test's
    content is a copy of the shipped content)."""
    return shipped.library().articles["your-results"].paragraphs[-1]


def edit_form(client: FlaskClient, url: str = TOPIC) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return form_values(page.get_data(as_text=True), "editor")


def change_body(client: FlaskClient, action: str, url: str = TOPIC, **changes: str):  # type: ignore[no-untyped-def]
    """Send the editor's form with NEW_WORDS in the body (put there now, or kept from an
    earlier change of the same draft) and a note, as `action` (save, submit)."""
    form = edit_form(client, url)
    if NEW_WORDS not in form["body"]:
        form["body"] = replaced(form["body"], old_words(), NEW_WORDS)
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


def publish_change(editing: FlaskClient, reviewing: FlaskClient) -> None:
    """The editor submits NEW_WORDS; the reviewer publishes them."""
    change_body(editing, "submit")
    done = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert done.status_code == 302, said(done)


def render_queued(app: Flask) -> None:
    """Render what waits on the audio queue, in this process (an rq SimpleWorker)."""
    line = services(app)
    SimpleWorker([Queue(AUDIO, connection=line.redis)], connection=line.redis).work(burst=True)
