"""A menu's own choices: its topics by key, and the department's scans by name, so "bone
scan" said at any menu goes straight there. Made once for each menu of each content."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from app.content.model import Library, Menu

# A scan's choice, by its id: spoken only, never a key.
SCAN = "scan:"
_MADE: dict[tuple[int, str], tuple[Library, Mapping[str, tuple[str, ...]]]] = {}
_MAX_MADE = 1024


def topic_words(menu: Menu, library: Library) -> Mapping[str, tuple[str, ...]]:
    """A menu's own keys, each with the words that choose it, and every scan of the
    department's not on this menu under SCAN + its id."""
    key = (id(library), menu.id)
    found = _MADE.get(key)
    if found is None or found[0] is not library:  # the entry keeps its library, and its id
        own = {t.key: t.keywords for t in menu.topics}
        for article in library.articles.values():
            if article.is_procedure and article.menu != menu.id:
                own[SCAN + article.id] = article.keywords
        if len(_MADE) >= _MAX_MADE:  # old content's, after many reloads
            _MADE.clear()
        found = _MADE[key] = (library, MappingProxyType(own))
    return found[1]
