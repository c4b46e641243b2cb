"""The languages the line speaks: one table, that every list of languages is derived from.

Each is named by its code in content files (menus.cy.yaml), with the tag Twilio's <Say> and
speech recognition use and the words a text can name it by (texting WELSH switches to it).
The language menu offers those with content, in this order, on keys 1, 2, 3..."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum


class Language(StrEnum):
    tag: str
    names: tuple[str, ...]

    def __new__(cls, code: str, tag: str, *names: str) -> Language:
        member = str.__new__(cls, code)
        member._value_ = code
        member.tag, member.names = tag, names
        return member

    EN = "en", "en-GB", "ENGLISH", "SAESNEG", "ANGIELSKI"
    CY = "cy", "cy-GB", "CYMRAEG", "WELSH"
    PL = "pl", "pl-PL", "POLSKI", "POLISH"


DEFAULT_LANGUAGE = Language.EN


def suffix(lang: str) -> str:
    """English files have no language in their name: menus.yaml; Welsh: menus.cy.yaml."""
    return "" if lang == DEFAULT_LANGUAGE else f".{lang}"


# The language menu's keys: one for each language in the table.
MENU_KEYS = tuple(str(n) for n in range(1, len(Language) + 1))
BY_NAME = {name: language for language in Language for name in language.names}


def menu_words(langs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The language menu's own keys: each language with content, by its number."""
    return {key: (lang,) for key, lang in zip(MENU_KEYS, langs, strict=False)}


def language_tag(lang: str) -> str:
    """The tag <Say> and speech recognition use for a content language: cy -> cy-GB."""
    found = next((language for language in Language if language == lang), None)
    return found.tag if found else lang  # not a language of the table: as it is


def written_date(day: dt.date, lang: str) -> str:
    """A day as the language writes it in a sentence (CLDR, through Babel): 4 December 2026,
    4 Rhagfyr 2026, 4 grudnia 2026."""
    from babel.dates import format_date  # the pages and the scans' words only

    return str(format_date(day, format="long", locale=language_tag(lang).replace("-", "_")))
