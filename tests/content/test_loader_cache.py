"""Reading the content folder once for each state of its files: a page that asks again gets
what was read, and any change, even one within the same second, is read afresh."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.content.loader import load_libraries
from tests.support.edits import edit


def _settle(content_dir: Path) -> None:
    """Files last changed more than a second ago, as a folder nobody is editing."""
    past = time.time() - 5
    for path in [*content_dir.iterdir(), *(content_dir / "procedures").iterdir()]:
        os.utime(path, (past, past))
    time.sleep(1.1)  # ctime cannot be set back: let a second pass


def test_the_same_folder_is_read_once_and_a_change_is_read_at_once(content_dir: Path):
    _settle(content_dir)
    first = load_libraries(content_dir)
    assert load_libraries(content_dir)["en"] is first["en"]  # read once
    title = first["en"].articles["your-results"].title
    # The same length, at once: the second a file changed in is never trusted.
    edit(content_dir / "your-results.md", f"title: {title}", f"title: {title[::-1]}")
    assert load_libraries(content_dir)["en"].articles["your-results"].title == title[::-1]


def test_a_draft_in_place_of_a_file_is_never_kept_as_the_folder(content_dir: Path):
    _settle(content_dir)
    path = content_dir / "your-results.md"
    title = load_libraries(content_dir)["en"].articles["your-results"].title
    draft = path.read_text(encoding="utf-8").replace(f"title: {title}", "title: A draft", 1)
    drafted = load_libraries(content_dir, {"your-results.md": draft})
    assert drafted["en"].articles["your-results"].title == "A draft"
    assert load_libraries(content_dir)["en"].articles["your-results"].title == title
