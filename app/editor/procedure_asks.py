"""A scan's `asks` in its edit form: how callers ask about each of its parts, one phrasing a
line per part (fields `asks-<part>`), and back into the file in place. Never said to
callers: the question finder (app.ask) picks the part of the scan a question means by them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.content.item_names import PART_NAMES
from app.content.model import SECTIONS
from app.editor.procedure_words import plain

HINT = "One a line, as callers say them. Never said to callers: the line finds this part by them."


def _lines(value: Any) -> str:
    value = plain(value)
    return "\n".join(str(v) for v in value) if isinstance(value, list) else ""


def fields(data: Any, english: Any, translation: bool) -> list[tuple[str, str, str, str]]:
    """Each part's field: its name, label, phrasings as typed, and the English beside."""
    asks, theirs = data.get("asks") or {}, english.get("asks") or {}
    return [
        (f"asks-{part}", f"How callers ask: {PART_NAMES[part]}", _lines(asks.get(part)),
         _lines(theirs.get(part)).replace("\n", "; ") if translation else "")
        for part in SECTIONS
    ]  # fmt: skip


def put(data: Any, form: Mapping[str, str]) -> None:
    """The typed phrasings into the file; a part left empty is taken out, and `asks` too
    when no part has any."""
    if not any(f"asks-{part}" in form for part in SECTIONS):
        return
    asks = data.get("asks") if isinstance(data.get("asks"), dict) else CommentedMap()
    for part in SECTIONS:
        if (typed := form.get(f"asks-{part}")) is None:
            continue
        said = [" ".join(line.split()) for line in typed.splitlines() if line.strip()]
        if not said:
            asks.pop(part, None)
        elif plain(asks.get(part)) != said:
            asks[part] = CommentedSeq(said)
    if asks:
        data["asks"] = asks
    else:
        data.pop("asks", None)
