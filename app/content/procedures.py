"""A particular scan as the department sets it: its numbers and switches, once, in the
English file, and each language's own words for it. Pure parsers, bounds checked.

    procedures/bone-scan.yaml      names, words, and the shared numbers and switches
    procedures/bone-scan.cy.yaml   the Welsh names and words only
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.content.model import PARSED_KEPT, SECTIONS, ContentError, Link
from app.content.parse import keywords_of, load_yaml, phrasings_of, text_of, when

FOLDER = "procedures"
_ID = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{0,63}$")  # a letter: never a number
_FILE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]{0,63})(?:\.(?P<lang>[a-z]{2,3}))?\.yaml$")


class Unit(StrEnum):
    """What a number counts, with the prompts that say it: unit_hour_one, unit_hour_other..."""

    HOUR = "hour"
    MINUTE = "minute"
    DAY = "day"


@dataclass(frozen=True)
class Number:
    """A number the department sets, and the most it may be."""

    unit: Unit
    most: int


# The numbers a department sets for a scan: one field each, shared by every language.
NUMBERS: Mapping[str, Number] = {
    "fasting_hours": Number(Unit.HOUR, 720),
    "injection_minutes": Number(Unit.MINUTE, 480),
    "wait_minutes": Number(Unit.MINUTE, 480),
    "scan_minutes": Number(Unit.MINUTE, 480),
    "contact_hours": Number(Unit.HOUR, 720),
    "breastfeeding_pause_hours": Number(Unit.HOUR, 720),
    "results_days": Number(Unit.DAY, 90),
}
# Yes, no, or not set (ask the department).
SWITCHES = ("companion", "children")
# Each language's own sentences about the scan; the required ones first.
REQUIRED_WORDS = ("injection", "scan", "results")
WORDS = ("eating", "medicines", "wear", "bring", "injection", "wait", "scan", "after",
         "driving_work", "results")  # fmt: skip
# Set once, for every language, in the English file only.
SHARED = ("order", "enabled", "development", "confirmed_by", "confirmed_on", "sources",
          "numbers", "switches")  # fmt: skip


@dataclass(frozen=True)
class Wording:
    """One language's words for a scan."""

    name: str
    option: str
    keywords: tuple[str, ...]
    sms_summary: str
    words: Mapping[str, str]
    last_reviewed: dt.date | None = None
    review_due: dt.date | None = None
    # How callers ask about this scan's own parts, by part (before, day...): never spoken;
    # the question finder (app.ask) compares a question that names the scan with them.
    asks: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    def __hash__(self) -> int:
        asked = tuple(sorted(self.asks.items()))
        return hash((self.name, self.option, self.keywords, tuple(sorted(self.words.items())),
                     asked))  # fmt: skip


@dataclass(frozen=True)
class Procedure:
    """A scan as the department sets it, with its English words."""

    id: str
    english: Wording
    order: int
    enabled: bool
    development: bool
    confirmed_by: str
    confirmed_on: dt.date | None
    sources: tuple[Link, ...]
    numbers: Mapping[str, int | None]
    switches: Mapping[str, bool | None]

    def __hash__(self) -> int:
        return hash((self.id, self.english, tuple(sorted(self.numbers.items()))))

    @property
    def confirmed(self) -> bool:
        return confirmed(self.confirmed_by)

    @property
    def live(self) -> bool:
        """Whether callers are offered it: switched on, its numbers confirmed."""
        return served(self.enabled, self.confirmed_by)


def confirmed(by: str) -> bool:
    """Whether a person in the department is named as having confirmed the numbers."""
    return bool(by.strip())


def served(enabled: bool, confirmed_by: str) -> bool:
    """The safety control: a scan is on the line only switched on and confirmed by name."""
    return enabled and confirmed(confirmed_by)


def file_name(procedure_id: str, suffix: str) -> str:
    """A scan's file in one language, in the content folder: procedures/<id><suffix>.yaml."""
    return f"{FOLDER}/{procedure_id}{suffix}.yaml"


def split_name(name: str) -> tuple[str, str | None] | None:
    """A procedure file's id and language (None for English), or None if it is not one."""
    match = _FILE.match(name)
    return (match.group("id"), match.group("lang")) if match else None


def _mapping(data: Any, name: str, where: str) -> Mapping[str, Any]:
    value = data.get(name) or {}
    if not isinstance(value, Mapping):
        raise ContentError(f"{where}: '{name}' must be a list of names and values")
    return value


def _asks(data: Mapping[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    """Each part's phrasings: a list of words as callers say them, under a part's name."""
    asks = _mapping(data, "asks", where)
    unknown = sorted(set(asks) - set(SECTIONS))
    if unknown:
        raise ContentError(
            f"{where}: asks has no part '{unknown[0]}' (parts: {', '.join(SECTIONS)})"
        )
    found = {str(part): phrasings_of(said, where, f"asks: '{part}'")
             for part, said in asks.items()}  # fmt: skip
    return {part: said for part, said in found.items() if said}


def _wording(data: Mapping[str, Any], where: str) -> Wording:
    words = _mapping(data, "words", where)
    unknown = sorted(set(words) - set(WORDS))
    if unknown:
        raise ContentError(
            f"{where}: words has no field '{unknown[0]}' (fields: {', '.join(WORDS)})"
        )
    found = {k: " ".join(str(v).split()) for k, v in words.items() if v and str(v).strip()}
    missing = [k for k in REQUIRED_WORDS if k not in found]
    if missing:
        raise ContentError(f"{where}: words: '{missing[0]}' is required")
    return Wording(
        name=text_of(data, "name", where),
        option=text_of(data, "option", where),
        keywords=keywords_of(data.get("keywords")),
        sms_summary=text_of(data, "sms_summary", where),
        words=found,
        last_reviewed=when(data.get("last_reviewed"), "last_reviewed", where),
        review_due=when(data.get("review_due"), "review_due", where),
        asks=_asks(data, where),
    )


def _number(value: Any, name: str, where: str) -> int | None:
    if value is None:
        return None
    most = NUMBERS[name].most
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise ContentError(f"{where}: numbers: '{name}' must be a whole number from 0 to {most}")
    return value


def _switch(value: Any, name: str, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ContentError(f"{where}: switches: '{name}' must be true, false or left empty")


@functools.lru_cache(maxsize=PARSED_KEPT)
def parse_procedure(text: str, where: str, procedure_id: str) -> Procedure:
    """The English file of a scan: its words, numbers and switches."""
    if not _ID.match(procedure_id):
        raise ContentError(f"{where}: a scan's id is lower-case letters, digits and hyphens")
    data = load_yaml(text, where)
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: must be a list of names and values")
    numbers = _mapping(data, "numbers", where)
    switches = _mapping(data, "switches", where)
    for name, known in (("numbers", NUMBERS), ("switches", SWITCHES)):
        unknown = sorted(set(numbers if name == "numbers" else switches) - set(known))
        if unknown:
            raise ContentError(f"{where}: {name} has no field '{unknown[0]}'")
    order = data.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        raise ContentError(f"{where}: 'order' must be a whole number")
    for flag in ("enabled", "development"):
        if not isinstance(data.get(flag, False), bool):
            raise ContentError(f"{where}: '{flag}' must be true or false")
    return Procedure(
        id=procedure_id,
        english=_wording(data, where),
        order=order,
        enabled=bool(data.get("enabled", False)),
        development=bool(data.get("development", False)),
        confirmed_by=" ".join(str(data.get("confirmed_by") or "").split()),
        confirmed_on=when(data.get("confirmed_on"), "confirmed_on", where),
        sources=tuple(
            Link(title=text_of(s, "title", where), url=text_of(s, "url", where))
            for s in data.get("sources") or ()
            if isinstance(s, Mapping)
        ),
        numbers={name: _number(numbers.get(name), name, where) for name in NUMBERS},
        switches={name: _switch(switches.get(name), name, where) for name in SWITCHES},
    )


@functools.lru_cache(maxsize=PARSED_KEPT)
def parse_translation(text: str, where: str) -> Wording:
    """Another language's file of a scan: its words only (the numbers are the English file's)."""
    data = load_yaml(text, where)
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: must be a list of names and values")
    shared = [name for name in SHARED if name in data]
    if shared:
        raise ContentError(
            f"{where}: '{shared[0]}' is set once for every language, in the English file"
        )
    return _wording(data, where)
