"""Each thing the line says, named for staff in words: "Getting your results, part 1", not
`article:your-results:1`. Pure: the names come from a library, never from the disk."""

from __future__ import annotations

from app.content.item_keys import ItemKey, ItemKind
from app.content.model import Library

# A particular scan's parts (app.content.model.SECTIONS), as staff read them.
PART_NAMES = {"before": "Before the scan", "day": "On the day", "after": "After the scan",
              "pregnancy": "Pregnancy and breastfeeding", "results": "Results"}  # fmt: skip


def item_name(key: ItemKey | str, library: Library | None = None) -> str:
    """What staff call item `key`: the topic's title and its part, the menu's name, the short
    answer's question, from `library` when it has them (else the id in plain words)."""
    if isinstance(key, str):
        text = key
        try:
            key = ItemKey.parse(text)
        except ValueError:
            return _plain(text)
    kind, name = key.kind, key.name
    if kind is ItemKind.PROMPT:
        return f"Prompt: {_plain(name)}"
    if kind is ItemKind.SMS:
        return f"Text message: {_plain(name)}"
    if kind is ItemKind.MENU:
        menu = library.menus.get(name) if library else None
        return f"Menu words: {menu.title if menu else _plain(name)}"
    if kind is ItemKind.ANSWER or kind is ItemKind.GUESS and key.part is None:
        answer = library.answers.get(name) if library else None
        named = " (named when the line is not sure)" if kind is ItemKind.GUESS else ""
        return f"Short answer: {answer.question if answer else _plain(name)}{named}"
    title = _title(name, library)
    if kind is ItemKind.INTRO:
        return f"{title}, its introduction"
    if kind is ItemKind.OFFER:
        return f"{title}, offered on key {key.part} when the line is not sure"
    if kind is ItemKind.GUESS:
        return f"{title}, part {key.part} (named when the line is not sure)"
    return title if key.part is None else f"{title}, part {key.part}"


def _title(topic: str, library: Library | None) -> str:
    article = library.articles.get(topic) if library else None
    return article.title if article else _plain(topic).capitalize()


def _plain(name: str) -> str:
    """An id in words: `after_article` as "after article", `your-results` as "your results"."""
    return " ".join(name.replace("_", " ").replace("-", " ").replace(":", " ").split())
