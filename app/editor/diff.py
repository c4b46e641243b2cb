"""Word-level differences between two versions' texts, for a person to read: paragraph by
paragraph of the words people read, not the file. Paragraphs are matched first, and words
only inside the paragraphs that changed: a long file (the prompts) with one value edited
costs one paragraph's diff."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from app.editor.readable import Said, readable

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of text: kept (same), taken out (removed) or put in (added)."""

    kind: str  # same, removed, added
    text: str


def _words(old: str, new: str) -> list[Piece]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def _joined(pieces: list[Piece]) -> list[Piece]:
    """Runs of one kind made one piece, as a single word-level diff would give them."""
    found: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if found and found[-1].kind == piece.kind:
            found[-1] = Piece(piece.kind, found[-1].text + piece.text)
        else:
            found.append(piece)
    return found


def changed(old: str, new: str) -> bool:
    """Whether the words differ (spacing alone is not a change a caller hears)."""
    return old.split() != new.split()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the words people read, and how it changed: same, changed, added,
    removed; or `folded`, standing for `label` unchanged paragraphs not shown."""

    label: str
    pieces: tuple[Piece, ...]
    change: str = "same"


# Unchanged paragraphs kept either side of a change; a longer unchanged run is folded, in
# a document longer than a topic (the prompts: a hundred of them, one changed).
_AROUND = 2
_LONG = 30


def paragraphs(old: str, new: str) -> list[Paragraph]:
    """What changed from `old` to `new`, paragraph by paragraph as a person reads them (a
    topic's fields, then its paragraphs; a YAML file's values), changed words marked."""
    a, b = readable(old), readable(new)
    found: list[Paragraph] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            found += [Paragraph(s.label, (Piece("same", s.text),)) for s in a[i1:i2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            found += _changed(olds[k] if k < len(olds) else None,
                              news[k] if k < len(news) else None)  # fmt: skip
    return _folded(found) if len(found) > _LONG else found


def _changed(old: Said | None, new: Said | None) -> list[Paragraph]:
    if old is not None and new is not None and old.label == new.label:
        return [Paragraph(new.label, tuple(_joined(_words(old.text, new.text))), "changed")]
    found = []
    if old is not None:
        found.append(Paragraph(old.label, (Piece("removed", old.text),), "removed"))
    if new is not None:
        found.append(Paragraph(new.label, (Piece("added", new.text),), "added"))
    return found


def _folded(found: list[Paragraph]) -> list[Paragraph]:
    """Long runs of unchanged paragraphs folded, keeping a few either side of each change."""
    changes = [i for i, p in enumerate(found) if p.change != "same"]
    near = {i + d for i in changes for d in range(-_AROUND, _AROUND + 1)}
    kept: list[Paragraph] = []
    run: list[Paragraph] = []
    for i, paragraph in enumerate([*found, None]):
        if paragraph is not None and i not in near and changes:
            run.append(paragraph)
            continue
        kept += run if len(run) <= _AROUND else [Paragraph(str(len(run)), (), "folded")]
        run = []
        if paragraph is not None:
            kept.append(paragraph)
    return kept
