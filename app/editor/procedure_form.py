"""A particular scan's file as an edit form, and back, each value changed in place (its
comments kept). English holds the department's numbers and switches; a translation shows
them, read-only, beside its own words.

Fields: `name`, `option`, `keywords`, `sms_summary`, `words-<part>`, `asks-<part>`
(app.editor.procedure_asks), `review_due`; in
English also `numbers-<name>`, `switches-<name>` (yes, no, ask), `order`, `enabled`,
`sources` (one a line: title | https://...) and `confirmed_by`. That last one is always
shown empty: a name typed there confirms the numbers as the form has them, today. A save
that changes a number or a switch without a name leaves the draft unconfirmed, so changed
numbers can only be published with someone named as having confirmed them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.content.languages import DEFAULT_LANGUAGE
from app.content.procedures import NUMBERS, REQUIRED_WORDS, SWITCHES, WORDS
from app.editor import procedure_asks, yamltext
from app.editor.procedure_words import (
    ZERO,
    amount,
    confirmation,
    data_of,
    department,
    plain,
    settings,
    sources_list,
    switch_words,
)

_WHOLE = re.compile(r"-?[0-9]{1,9}")
_LABELS = {
    "name": "Its name (said first, and the title of its page)",
    "option": 'On the "Going for a scan" menu, said before its key ("To hear about ...")',
    "keywords": "Words callers may say or text for it, separated by commas",
    "sms_summary": "The text message: one plain sentence (the link is added)",
    "words-eating": "Before: eating and drinking",
    "words-medicines": "Before: medicines",
    "words-wear": "Before: what to wear",
    "words-bring": "Before: what to bring",
    "words-injection": "On the day: the injection",
    "words-wait": "On the day: the wait",
    "words-scan": "On the day: the scan",
    "words-after": "After: the rest of the day",
    "words-driving_work": "After: driving and work",
    "words-results": "Results: how they come",
    "review_due": "Review due (a year after publishing, unless you set it sooner)",
}
_SWITCH_CHOICES = (("yes", "Yes"), ("no", "No"), ("ask", "Ask the department"))
_SWITCH_VALUES: dict[str, bool | None] = {"yes": True, "no": False, "ask": None}


@dataclass(frozen=True)
class Entry:
    """One field of the form. `kind`: text, long, number, choice, check, date or shown
    (read-only); `english`: the English words beside a translation's field."""

    name: str
    label: str
    value: str
    kind: str = "text"
    hint: str = ""
    english: str = ""
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ProcedureForm:
    title: str
    words: list[Entry]
    department: list[Entry]  # editable in English; shown read-only in a translation
    confirmation: str  # who confirmed the numbers, and when, in plain words


def _plain(value: Any) -> str:
    value = plain(value)
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def _words(data: Any, english: Any, translation: bool) -> list[Entry]:
    words, theirs = data.get("words") or {}, english.get("words") or {}
    found = []
    for name in ("name", "option", "keywords", "sms_summary", *(f"words-{w}" for w in WORDS)):
        part = name.removeprefix("words-")
        value = words.get(part) if name != part else data.get(name)
        beside = theirs.get(part) if name != part else english.get(name)
        kind = "long" if name != part or name == "sms_summary" else "text"
        hint = "Needed." if part in REQUIRED_WORDS else ""
        english_words = _plain(beside) if translation else ""
        found.append(Entry(name, _LABELS[name], _plain(value), kind, hint, english_words))
    for name, label, value, beside in procedure_asks.fields(data, english, translation):
        found.append(Entry(name, label, value, "long", procedure_asks.HINT, beside))
    due = data.get("review_due")
    found.append(Entry("review_due", _LABELS["review_due"], _plain(due), "date"))
    return found


def _department(data: Any, editable: bool) -> list[Entry]:
    numbers, switches = data.get("numbers") or {}, data.get("switches") or {}
    found = []
    for name, number in NUMBERS.items():
        value, label = numbers.get(name), department(name)
        if not editable:
            found.append(Entry(f"numbers-{name}", label, amount(name, value), "shown"))
            continue
        zero = f"{ZERO[name]} " if name in ZERO else ""
        hint = f"In {number.unit}s, 0 to {number.most}. {zero}Empty: the department sets none."
        found.append(Entry(f"numbers-{name}", label, _plain(value), "number", hint))
    for name in SWITCHES:
        value, label = switches.get(name), department(name)
        if not editable:
            found.append(Entry(f"switches-{name}", label, switch_words(value), "shown"))
            continue
        chosen = "ask" if value is None else "yes" if value is True else "no"
        found.append(Entry(f"switches-{name}", label, chosen, "choice", choices=_SWITCH_CHOICES))
    return found


def _shared(data: Any) -> list[Entry]:
    sources = "\n".join(
        f"{s.get('title', '')} | {s.get('url', '')}"
        for s in data.get("sources") or ()
        if isinstance(s, dict)
    )
    return [
        Entry("order", "Its place among the department's scans (lower comes first)",
              _plain(data.get("order", "")), "number"),
        Entry("enabled", "Switched on: callers hear about this scan",
              "yes" if data.get("enabled") is True else "", "check",
              "Only with its numbers confirmed (below)."),
        Entry("sources", "Sources: where its facts come from, one a line: title | https://...",
              sources, "long", "Needed to publish."),
        Entry("confirmed_by", "Confirmed by: who in the department checked the numbers above",
              "", "text", "Type a name whenever a number or a switch changes, and to switch "
              "the scan on. It is dated today. Left empty, the confirmation stays as it is, "
              "unless a number or a switch changed."),
    ]  # fmt: skip


def form_of(text: str | None, lang: str, english_text: str | None = None) -> ProcedureForm:
    """The form for a scan's file in `lang`; a translation is given the English file's text,
    for its numbers and its words beside each field."""
    data = data_of(text)
    translation = lang != DEFAULT_LANGUAGE
    english = data_of(english_text) if translation else data
    words = _words(data, english, translation)
    shared = _department(english, not translation)
    if not translation:
        shared += _shared(data)
    title = _plain(data.get("name")) or _plain(english.get("name"))
    return ProcedureForm(title, words, shared, confirmation(english))


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _number(typed: str) -> int | str | None:
    """A whole number; empty: none; anything else as typed, for the check to name."""
    typed = typed.strip()
    if not typed:
        return None
    return int(typed) if _WHOLE.fullmatch(typed) else typed


def _put(data: Any, name: str, value: Any, drop: bool = False) -> None:
    """Set a value (`drop`: take it out when empty); unchanged, it is kept as written."""
    if drop and value in (None, ""):
        data.pop(name, None)
    elif name not in data or plain(data.get(name)) != plain(value):
        data[name] = value


def _map(data: Any, name: str) -> Any:
    if not isinstance(data.get(name), dict):
        data[name] = CommentedMap()
    return data[name]


def _department_values(data: Any, form: Mapping[str, str], today: dt.date) -> None:
    before = settings(data)
    numbers, switches = _map(data, "numbers"), _map(data, "switches")
    for name in NUMBERS:
        if (typed := form.get(f"numbers-{name}")) is not None:
            value = _number(typed)
            if numbers.get(name) != value or name not in numbers:
                numbers[name] = value
    for name in SWITCHES:
        if (chosen := form.get(f"switches-{name}")) in _SWITCH_VALUES:
            if switches.get(name) != _SWITCH_VALUES[chosen] or name not in switches:
                switches[name] = _SWITCH_VALUES[chosen]
    _put(data, "order", _number(form.get("order", "")), drop=True)
    if data.get("enabled") is not (on := bool(form.get("enabled"))):
        data["enabled"] = on
    sources = sources_list(form.get("sources", "").replace("\r\n", "\n"))
    _put(data, "sources", sources if len(sources) else None, drop=True)
    who = " ".join(form.get("confirmed_by", "").split())
    if who:  # a name typed now: these numbers are confirmed, today
        data["confirmed_by"], data["confirmed_on"] = who, today
        if data.get("development"):
            data["development"] = False  # a department's confirmation, not development data
    elif settings(data) != before:  # changed, and nobody named: not confirmed any more
        data["confirmed_by"], data["confirmed_on"] = "", None


def text_of(base: str | None, form: Mapping[str, str], lang: str, today: dt.date) -> str:
    """The scan's file in `lang` as the form now says it, laid over `base` (the draft's or
    the file's text), everything else kept as it was written."""
    data = data_of(base) or CommentedMap()
    for name in ("name", "option", "sms_summary"):
        if (typed := form.get(name)) is not None:
            _put(data, name, " ".join(typed.split()))
    if (typed := form.get("keywords")) is not None:
        _put(data, "keywords", _flow([k.strip() for k in typed.split(",") if k.strip()]))
    words = _map(data, "words")
    for part in WORDS:
        if (typed := form.get(f"words-{part}")) is not None:
            _put(words, part, yamltext.spoken(typed) if typed.strip() else None, drop=True)
    procedure_asks.put(data, form)
    if (due := form.get("review_due")) is not None:
        _put(data, "review_due", _date(due.strip()) if due.strip() else None, drop=True)
    if lang == DEFAULT_LANGUAGE and any(name.startswith("numbers-") for name in form):
        _department_values(data, form, today)
    return yamltext.dump(data)


def _date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text
