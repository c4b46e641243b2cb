"""Feedback's tests run on both databases (its comments are kept in the database)."""

from __future__ import annotations

from tests.support.editing import as_person, config

__all__ = ["as_person", "config"]
