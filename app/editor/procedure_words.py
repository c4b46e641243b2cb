"""A particular scan's file in plain words for the editor's pages: each department setting's
name, its value ("24 hours", "ask the department"), what a draft changes ("old -> new"),
who confirmed the numbers, and the English sentences a translation follows. Read from the
file's data as written, so a draft with a mistake in it is still described."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.content.model import ContentError
from app.content.procedures import NUMBERS, SWITCHES, WORDS
from app.editor import yamltext

_LINK = re.compile(r"^(?P<title>.+?)\s*\|\s*(?P<url>\S+)\s*$")
_NAMES = {
    "fasting_hours": "No food before the scan",
    "injection_minutes": "How long the injection takes",
    "wait_minutes": "The wait between the injection and the scan",
    "scan_minutes": "How long the scan takes",
    "contact_hours": "Keeping close contact with babies, young children and pregnant women "
    "short after the scan",
    "breastfeeding_pause_hours": "Stopping breastfeeding after the injection",
    "results_days": "About when the results come",
    "companion": "Someone may come along",
    "children": "Children may come along",
}
# What 0 means, where it means more than "none".
ZERO = {
    "fasting_hours": "0: eat and drink as normal.",
    "wait_minutes": "0: the scan starts soon after the injection.",
    "contact_hours": "0: no need to keep away from anyone.",
    "breastfeeding_pause_hours": "0: no need to stop.",
}
# The sentences of a scan's file a translation says again in its own language.
SENTENCES = ("name", "option", "keywords", "sms_summary")


def data_of(text: str | None) -> Any:
    """The file's data as written; a file that is not a mapping reads as an empty one."""
    try:
        data = yamltext.load(text or "", "the scan's file")
    except ContentError:
        return {}
    return data if isinstance(data, dict) else {}


def plain(value: Any) -> Any:
    """A value as data alone, so the same words written alike compare equal."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def department(name: str) -> str:
    """A number's or a switch's name for people."""
    return _NAMES.get(name, name.replace("_", " ").capitalize())


def amount(name: str, value: Any) -> str:
    """A number in words: "24 hours", "1 day", "none set"."""
    if value is None:
        return "none set"
    if isinstance(value, bool) or not isinstance(value, int) or name not in NUMBERS:
        return f'"{value}"'
    unit = NUMBERS[name].unit
    return f"{value} {unit}" + ("" if value == 1 else "s")


def switch_words(value: Any) -> str:
    return {True: "yes", False: "no", None: "ask the department"}.get(value, f'"{value}"')


def _day(value: Any) -> str:
    return f"{value.day} {value:%B %Y}" if isinstance(value, dt.date) else str(value or "")


def confirmation(data: Any) -> str:
    """Who confirmed the numbers, and when, or that nobody has."""
    who = " ".join(str(data.get("confirmed_by") or "").split())
    if not who:
        return "Nobody in the department has confirmed these numbers yet."
    on = data.get("confirmed_on")
    return f"Confirmed by {who}" + (f" on {_day(on)}." if on else ", on no date given.")


def settings(data: Any) -> dict[str, Any]:
    """The department's numbers and switches, each by its name."""
    numbers, switches = data.get("numbers") or {}, data.get("switches") or {}
    found = {name: numbers.get(name) for name in NUMBERS}
    found.update({name: switches.get(name) for name in SWITCHES})
    return found


def changes(old_text: str | None, new_text: str) -> list[str]:
    """What a draft changes of the department's settings, each "name: old -> new"; then
    switched on or off, and the confirmation it carries, when any changed."""
    old, new = data_of(old_text), data_of(new_text)
    before, after = settings(old), settings(new)
    found = []
    for name in before:
        if plain(before[name]) != plain(after[name]):
            said = amount if name in NUMBERS else lambda _, v: switch_words(v)
            found.append(f"{department(name)}: {said(name, before[name])} -> "
                         f"{said(name, after[name])}")  # fmt: skip
    if bool(old.get("enabled")) != bool(new.get("enabled")):
        found.append("Switched on for callers." if new.get("enabled") else "Switched off.")
    if found:
        found.append(confirmation(new))
    return found


def sentences(text: str | None) -> str:
    """The file's sentences only (no numbers, switches, dates or sources), one a line: what
    a translation says again, so only a change to these puts it behind English."""
    data = data_of(text)
    words = data.get("words") or {}
    said = {name: data.get(name) for name in SENTENCES}
    said.update({part: words.get(part) for part in WORDS if words.get(part)})
    return "\n".join(f"{name}: {_line(value)}" for name, value in said.items())


def _line(value: Any) -> str:
    value = plain(value)
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def sources_of(text: str | None) -> str:
    """A scan's or short answer's sources as the form and a version name them: "title |
    address", one a line."""
    return "\n".join(
        f"{s.get('title', '')} | {s.get('url', '')}"
        for s in data_of(text).get("sources") or ()
        if isinstance(s, dict)
    )


def sources_list(text: str) -> CommentedSeq:
    """Sources as typed ("title | address", one a line) as a file's list of them."""
    found = CommentedSeq()
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        match = _LINK.match(line)
        link = CommentedMap()
        link["title"] = match.group("title") if match else line
        link["url"] = match.group("url") if match else ""
        found.append(link)
    return found
