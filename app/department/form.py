"""The department's settings form: its fields from the values, and the values from what was
sent, checked as strictly as start-up checks the environment. Pure; every problem is named
by its field, so the page shows it beside the box and keeps what was typed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from app import settings_values as values
from app.core.hours import DAYS
from app.department.values import (
    LONGEST_CLOSURE_DAYS,
    MOST_ADDRESS,
    MOST_CLOSURES,
    MOST_REASON,
    Closure,
    Department,
    Opening,
)
from app.settings_values import SettingsError

# Empty closure rows the page offers for new ones.
SPARE_ROWS = 2
_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$|^24:00$")
_DATE_SPLIT = re.compile(r"[\s,;]+")
Errors = dict[str, str]
Check = Callable[[Mapping[str, str], str], str]  # a settings_values check: (env, name)


def fields_of(department: Department) -> dict[str, str]:
    """The form's boxes filled in from the values."""
    found = {
        "transfer_to": department.transfer_to,
        "phone": department.phone,
        "address": department.address,
        "reminders_email": department.reminders_email,
        "reminders_webhook_url": department.reminders_webhook_url,
        "bank_holidays": "\n".join(d.isoformat() for d in department.bank_holidays),
    }
    for opening in department.week:
        found[f"opens_{DAYS[opening.day]}"] = f"{opening.opens:%H:%M}"
        closes = "24:00" if opening.closes == dt.time.max else f"{opening.closes:%H:%M}"
        found[f"closes_{DAYS[opening.day]}"] = closes
    for n, closure in enumerate(department.closures):
        found[f"closure_first_{n}"] = closure.first.isoformat()
        found[f"closure_last_{n}"] = closure.last.isoformat()
        found[f"closure_reason_{n}"] = closure.reason
    return found


def closure_rows(form: Mapping[str, str]) -> int:
    """How many closure rows the page shows: those filled in, and SPARE_ROWS empty ones."""
    used = [int(k.rsplit("_", 1)[1]) for k in form if re.fullmatch(r"closure_\w+_\d{1,2}", k)]
    return min(MOST_CLOSURES, max(used, default=-1) + 1) + SPARE_ROWS


def parse(form: Mapping[str, str], smtp_host: str) -> tuple[Department | None, Errors]:
    """The department from the form, or None and what is wrong, by field."""
    errors: Errors = {}
    text = {k: (form.get(k) or "").strip() for k in _PLAIN}
    week = _week(form, errors)
    department = Department(
        week=week,
        bank_holidays=_holidays(form.get("bank_holidays", ""), errors),
        closures=_closures(form, errors),
        transfer_to=_phone(text["transfer_to"], "transfer_to", errors),
        phone=_phone(text["phone"], "phone", errors),
        address="\n".join(line.strip() for line in text["address"].splitlines() if line.strip()),
        reminders_email=_checked(values.email, text["reminders_email"], "reminders_email", errors),
        reminders_webhook_url=_webhook(text["reminders_webhook_url"], errors),
    )
    if len(department.address) > MOST_ADDRESS:
        errors["address"] = f"Keep the address under {MOST_ADDRESS} letters."
    if department.reminders_email and not smtp_host:
        errors["reminders_email"] = (
            "The line has no mail server (SMTP_HOST) to send e-mail with: ask IT to set one."
        )
    if department.transfer_to and not week:
        errors["transfer_to"] = "Give the opening hours too: calls are put through only then."
    return (None, errors) if errors else (department, {})


_PLAIN = ("transfer_to", "phone", "address", "reminders_email", "reminders_webhook_url")


def _week(form: Mapping[str, str], errors: Errors) -> tuple[Opening, ...]:
    week = []
    for day, name in enumerate(DAYS):
        opens = (form.get(f"opens_{name}") or "").strip()
        closes = (form.get(f"closes_{name}") or "").strip()
        if not opens and not closes:
            continue  # closed all day
        if not (_TIME.match(opens) and _TIME.match(closes)) or opens == "24:00":
            errors[f"opens_{name}"] = "Give both times, like 09:00 and 17:00, or neither."
            continue
        start = dt.time.fromisoformat(opens.zfill(5))
        end = dt.time.max if closes == "24:00" else dt.time.fromisoformat(closes.zfill(5))
        if end <= start:
            errors[f"opens_{name}"] = "The department has to open before it closes."
            continue
        week.append(Opening(day, start, end))
    return tuple(week)


def _holidays(text: str, errors: Errors) -> tuple[dt.date, ...]:
    found = set()
    for word in filter(None, _DATE_SPLIT.split(text.strip())):
        try:
            found.add(dt.date.fromisoformat(word))
        except ValueError:
            errors["bank_holidays"] = f"{word[:20]!r} is not a date: write them like 2026-12-25."
    return tuple(sorted(found))


def _closures(form: Mapping[str, str], errors: Errors) -> tuple[Closure, ...]:
    found = []
    for n in range(closure_rows(form)):
        first, last, reason = (
            (form.get(f"closure_{part}_{n}") or "").strip() for part in ("first", "last", "reason")
        )
        if form.get(f"closure_remove_{n}") or not (first or last or reason):
            continue
        key = f"closure_first_{n}"
        try:
            start = dt.date.fromisoformat(first)
            end = dt.date.fromisoformat(last) if last else start
        except ValueError:
            errors[key] = "Give the first and last day closed, like 2026-12-24 and 2026-12-28."
            continue
        if end < start:
            errors[key] = "The last day closed comes after the first."
        elif (end - start).days >= LONGEST_CLOSURE_DAYS:
            errors[key] = f"A closure is at most {LONGEST_CLOSURE_DAYS} days."
        elif not reason or len(reason) > MOST_REASON:
            errors[key] = f"Say why, in a few words (at most {MOST_REASON} letters)."
        else:
            found.append(Closure(start, end, reason))
    return tuple(sorted(found, key=lambda c: (c.first, c.last)))


def _phone(text: str, name: str, errors: Errors) -> str:
    return _checked(lambda env, key: values.phone(env, key), text, name, errors)


def _webhook(text: str, errors: Errors) -> str:
    return _checked(lambda env, key: values.url(env[key], key), text, "reminders_webhook_url",
                    errors)  # fmt: skip


def _checked(check: Check, text: str, name: str, errors: Errors) -> str:
    """Run a start-up check on one box's words; its message, in staff's words, on failure."""
    try:
        return check({name: text}, name)
    except SettingsError:
        errors[name] = _MESSAGES[name]
        return text


_MESSAGES = {
    "transfer_to": "Give a phone number the line can put calls through to, like 029 2074 7747.",
    "phone": "Give a phone number callers can ring, like 029 2074 7747.",
    "reminders_email": "Give one e-mail address, like nuclear.medicine@example.nhs.uk.",
    "reminders_webhook_url": "Give a web address starting https:// (or leave it blank).",
}
