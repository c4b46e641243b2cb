"""The admin's tests run on both databases, SQLite and PostgreSQL (tests/db/fixtures.py)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.support.admin import Person, add_person, signed_in


@pytest.fixture
def config(config: dict[str, str], database_url: str) -> dict[str, str]:
    return {**config, "DATABASE_URL": database_url}


@pytest.fixture
def person(app) -> Person:
    """An admin with the authenticator app set up."""
    return add_person(app, "admin", name="Ada Admin")


@pytest.fixture
def admin(client, person: Person, redis) -> FlaskClient:
    """A client signed in as an admin."""
    return signed_in(client, person)
