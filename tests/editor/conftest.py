"""The editor's tests run on both databases, SQLite and PostgreSQL (tests/db/fixtures.py),
with an editor and a reviewer (and a second reviewer) of their own."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.admin import Person, add_person, signed_in


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
def editing(app: Flask, editor: Person, redis) -> FlaskClient:
    return as_person(app, editor)


@pytest.fixture
def reviewing(app: Flask, reviewer: Person, redis) -> FlaskClient:
    return as_person(app, reviewer)
