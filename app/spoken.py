"""Every item the line speaks, as (key, text) pairs built from content alone."""

from __future__ import annotations

from app.content import MAIN_MENU, Library, Menu

# Prompts spoken on their own, as their own audio files.
STANDALONE_PROMPTS = (
    "welcome",
    "after_article",
    "help",
    "sorry",
    "no_input",
    "goodbye",
    "text_unavailable",
    "error",
    "error_goodbye",
)


def menu_text(library: Library, menu: Menu) -> str:
    """A menu as one spoken passage: its name, each option before its key, how to go on."""
    parts = [menu.intro]
    parts += [library.prompt("option", option=t.option, key=t.key) for t in menu.topics]
    parts.append(library.prompt("menu_repeat"))
    if menu.id != MAIN_MENU:
        parts.append(library.prompt("menu_back"))
    return " ".join(parts)


def spoken_items(library: Library) -> dict[str, str]:
    """Map each item key (e.g. 'menu:main', 'article:your-results') to the words spoken."""
    items = {f"prompt:{name}": library.prompt(name) for name in STANDALONE_PROMPTS}
    items.update({f"menu:{m.id}": menu_text(library, m) for m in library.menus.values()})
    items.update({f"article:{a.id}": a.spoken for a in library.articles.values()})
    return items
