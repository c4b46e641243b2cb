"""Recordings' tests run on both databases, with an editor and a reviewer of their own, and
someone reading the welcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from app.services import services
from tests.support.editing import app, as_person, config, editing, editor, reviewer, reviewing
from tests.support.voice import speech

__all__ = ["app", "as_person", "config", "editing", "editor", "pytest", "reviewer", "reviewing"]


@pytest.fixture
def person(app: Flask, tmp_path: Path) -> Path:
    """A WAV of someone reading the welcome's words."""
    return speech(tmp_path / "person", services(app).speaker.library.prompt("welcome"))
