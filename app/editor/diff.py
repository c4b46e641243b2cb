"""Word-level differences between two versions' texts, for a person to read."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of text: kept (same), taken out (removed) or put in (added)."""

    kind: str  # same, removed, added
    text: str


def words(old: str, new: str) -> list[Piece]:
    """What changed from `old` to `new`, word by word (spacing kept, so lines stay lines).
    Lines are matched first, and words only inside the lines that changed: a long file
    (the prompts, with their lists of words) with one line edited costs one line's diff."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    pieces: list[Piece] = []
    lines = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
        else:
            pieces += _words("".join(a[i1:i2]), "".join(b[j1:j2]))
    return _joined(pieces)


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
