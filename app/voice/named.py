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


_HINTS: dict[int, tuple[Library, tuple[str, ...]]] = {}


def question_hints(library: Library) -> tuple[str, ...]:
    """The content's own words, to help speech recognition hear a question: the scans' and
    topics' names, then the short answers' phrasings."""
    found = _HINTS.get(id(library))
    if found is None or found[0] is not library:
        names = [w for a in library.articles.values() for w in (a.title, *a.keywords)]
        asked = [p for answer in library.answers.values() for p in answer.phrasings]
        if len(_HINTS) >= _MAX_MADE:
            _HINTS.clear()
        found = _HINTS[id(library)] = (library, tuple(dict.fromkeys(names + asked)))
    return found[1]
