"""Changing words in a test's own copy of the content (the `content_dir` and `small_content`
fixtures): every replace is checked, so a content change can never turn a test's edit into a
silent no-op that still passes, or fails somewhere far from the cause."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.line import CONTENT


def replaced(text: str, old: str, new: str, count: int = 1) -> str:
    """`text` with `old` replaced by `new` (the first `count` times); fails, naming `old`,
    when `old` is not there."""
    assert old in text, f"not in the text, so nothing to replace: {old!r}"
    return text.replace(old, new, count)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` with `new` in a copied content file. Never the shipped files."""
    assert not path.resolve().is_relative_to(CONTENT), f"a shipped file, not a copy: {path}"
    path.write_text(replaced(path.read_text(encoding="utf-8"), old, new, count), encoding="utf-8")


def append(path: Path, words: str) -> None:
    """Add a paragraph at the end of a copied article."""
    assert not path.resolve().is_relative_to(CONTENT), f"a shipped file, not a copy: {path}"
    path.write_text(path.read_text(encoding="utf-8").rstrip() + f"\n\n{words}\n", encoding="utf-8")


def last_paragraph(body: str) -> str:
    """An article body's last paragraph: words a test can replace, whatever they say."""
    paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
    assert len(paragraphs) > 1, "a body of one paragraph: nothing to replace safely"
    return paragraphs[-1].strip()


# The words tests add to a prompt or a menu: the test's own, never the shipped content's.
ADDED = "Welcome to the line."


def add_words(path: Path, *keys: str, words: str = ADDED) -> str:
    """In a copied YAML content file (prompts.yaml, menus.yaml), add `words` to the entry at
    `keys` ("welcome"; "main", "intro"), whatever it says now; returns its new words. The
    file is written again from what it holds: every other entry keeps its words."""
    assert not path.resolve().is_relative_to(CONTENT), f"a shipped file, not a copy: {path}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = data
    for key in keys[:-1]:
        entry = entry[key]
    entry[keys[-1]] = f"{entry[keys[-1]]} {words}"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(entry[keys[-1]])
