"""Recordings' tests run on both databases, with an editor and a reviewer of their own."""

from __future__ import annotations

import pytest

from tests.editor.conftest import app, as_person, config, editing, editor, reviewer, reviewing

__all__ = ["app", "as_person", "config", "editing", "editor", "pytest", "reviewer", "reviewing"]
