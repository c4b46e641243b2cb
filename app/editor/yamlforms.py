"""The prompts and menus files as edit forms, and back, each value changed in place.

A prompt's field is `prompt-<name>`; a menu's are `menu-<id>-<what>` (title, intro, and
for a menu inside another: key, option, keywords; for the menu the department's scans join,
what its generated "other scans" pages say). Which menu the scans join is shown, not edited:
it is set in the file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from app.content.model import ContentError
from app.editor import yamltext

MENU_FIELDS = ("title", "intro", "key", "option", "keywords")
# The menu the department's scans join (`procedures: true`) says these on its other pages.
SCAN_FIELDS = ("more_option", "more_intro", "more_keywords")
_KEYWORDS = ("keywords", "more_keywords")
_LABELS = {
    "title": "Its name",
    "intro": "Said first, before its choices",
    "key": "Its key on the menu above it (1 to 5)",
    "option": 'On the menu above it, said before its key ("To hear about ...")',
    "keywords": "Words callers may say or text for it, separated by commas",
    "more_option": "When its scans do not all fit: said before the key to the other scans "
    '("To hear about other scans")',
    "more_intro": "Said first on the menu of other scans",
    "more_keywords": "Words callers may say or text for the other scans, separated by commas",
}
_SCANS_JOIN = "The department's scans join this menu (set in the file, not here)"


@dataclass(frozen=True)
class Field:
    """One value of the form: its field name, a label for people, and what it holds."""

    name: str
    label: str
    value: str
    long: bool = False
    shown: bool = False  # read-only: shown to the person, never sent back


def _mapping(text: str, where: str) -> Any:
    data = yamltext.load(text, where)
    if not isinstance(data, dict):
        raise ContentError(f"{where}: the file must be a mapping of names to values")
    return data


def prompt_fields(text: str) -> list[Field]:
    """Every prompt, in the file's order."""
    data = _mapping(text, "prompts")
    return [
        Field(
            f"prompt-{name}",
            name.replace("_", " "),
            " ".join(str(value).split()),
            long=len(str(value)) > 60,
        )  # fmt: skip
        for name, value in data.items()
    ]


def prompts_text(text: str, form: Mapping[str, str]) -> str:
    """The prompts file with every prompt the form holds changed in place."""
    data = _mapping(text, "prompts")
    for name in list(data):
        given = form.get(f"prompt-{name}")
        if given is not None:
            data[name] = yamltext.spoken(given)
    return yamltext.dump(data)


def menu_fields(text: str) -> list[tuple[str, list[Field]]]:
    """Each menu and its fields (a menu inside another has its key, option and words too)."""
    data = _mapping(text, "menus")
    found = []
    for menu_id, menu in data.items():
        menu = menu or {}
        names: tuple[str, ...] = MENU_FIELDS if menu.get("parent") else MENU_FIELDS[:2]
        names += SCAN_FIELDS if menu.get("procedures") else ()
        fields = []
        for name in names:
            value = menu.get(name, "")
            if name in _KEYWORDS:
                value = ", ".join(str(k) for k in (value or []))
            words = " ".join(str(value).split())
            long = name in ("intro", "more_intro")
            fields.append(Field(f"menu-{menu_id}-{name}", _LABELS[name], words, long))
        if menu.get("procedures"):
            fields.append(Field(f"menu-{menu_id}-procedures", _SCANS_JOIN, "yes", shown=True))
        found.append((str(menu_id), fields))
    return found


def menus_text(text: str, form: Mapping[str, str]) -> str:
    """The menus file with every value the form holds changed in place."""
    data = _mapping(text, "menus")
    for menu_id, menu in data.items():
        if not isinstance(menu, dict):
            continue
        for name in MENU_FIELDS + (SCAN_FIELDS if menu.get("procedures") else ()):
            given = form.get(f"menu-{menu_id}-{name}")
            if given is None:
                continue
            menu[name] = _value(name, given)
    return yamltext.dump(data)


def _value(name: str, given: str) -> Any:
    if name in _KEYWORDS:
        seq = CommentedSeq([k.strip() for k in given.split(",") if k.strip()])
        seq.fa.set_flow_style()
        return seq
    if name == "key":
        return int(given) if re.fullmatch(r"[0-9]{1,3}", given.strip()) else given.strip()
    return yamltext.spoken(given)
