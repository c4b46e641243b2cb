"""The editor's tests run on both databases, SQLite and PostgreSQL (tests/db/fixtures.py),
with an editor and a reviewer (and a second reviewer) of their own: the fixtures live in
tests/support/editing.py, shared with the recordings', feedback's and links' tests."""

from __future__ import annotations

import pytest

from tests.support.editing import app, as_person, config, editing, editor, reviewer, reviewing

__all__ = ["app", "as_person", "config", "editing", "editor", "reviewer", "reviewing"]


@pytest.fixture
def worker_settings(config: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The line's settings in the environment: an in-process worker reads them, as in life."""
    for name, value in config.items():
        monkeypatch.setenv(name, value)
