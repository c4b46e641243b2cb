"""Each library's index, made once: when content is published or loaded, never per question."""

from __future__ import annotations

import threading

from app.ask.find import Verdict, find
from app.ask.index import Index, build
from app.content.model import Library

_MADE: dict[int, tuple[Library, Index]] = {}
_KEEP = 64
_LOCK = threading.Lock()


def index_of(library: Library) -> Index:
    """The library's index (libraries are frozen: a changed one is another library)."""
    found = _MADE.get(id(library))
    if found is not None and found[0] is library:
        return found[1]
    made = build(library)
    with _LOCK:
        if len(_MADE) >= _KEEP:  # old content's, after many reloads
            _MADE.clear()
        _MADE[id(library)] = (library, made)
    return made


def ask(library: Library, question: str) -> Verdict:
    """What the line does with a question asked in this library's language."""
    return find(index_of(library), question)
