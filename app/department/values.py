"""The department's settings that its staff change in the browser: opening hours, bank
holidays, closures with a reason, the number calls are put through to, the number and
address callers are told, and where reminders go. Pure: made from the environment (the
first values), from JSON (the stored and the copied ones) and checked here once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberFormat

from app.core.hours import DAYS, Hours

HOME_REGION = "GB"
# A closure longer than this is a typo (the line would say "closed" for a year).
LONGEST_CLOSURE_DAYS = 366
MOST_CLOSURES = 20
MOST_REASON = 120
MOST_ADDRESS = 300


@dataclass(frozen=True)
class Closure:
    """Days the department is closed, first and last included, and why, in staff's words."""

    first: dt.date
    last: dt.date
    reason: str

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Opening:
    """One weekday's opening (0 is Monday); closing "24:00" is written as time.max."""

    day: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Department:
    """Everything the department sets. Blank text means "not set"."""

    week: tuple[Opening, ...] = ()
    bank_holidays: tuple[dt.date, ...] = ()
    closures: tuple[Closure, ...] = ()
    transfer_to: str = ""  # calls are put through to this number (E.164)
    phone: str = ""  # the number callers are told to ring (E.164)
    address: str = ""
    reminders_email: str = ""
    reminders_webhook_url: str = ""

    def hours(self) -> Hours | None:
        """The opening hours with bank holidays and closures closed; None with no hours."""
        if not self.week:
            return None
        closed = {*self.bank_holidays, *(day for c in self.closures for day in c.days())}
        periods = tuple((o.day, o.opens, o.closes) for o in self.week)
        return Hours(periods, frozenset(closed))

    def closure_on(self, day: dt.date) -> Closure | None:
        return next((c for c in self.closures if c.covers(day)), None)

    def reopens(self, day: dt.date) -> dt.date | None:
        """When `day` is in a closure: the first day after it with opening hours, not a bank
        holiday nor another closure. None when `day` is no closure's, or nothing reopens."""
        hours = self.hours()
        if hours is None or self.closure_on(day) is None:
            return None
        open_days = {o.day for o in self.week}
        for n in range(1, LONGEST_CLOSURE_DAYS * 2):
            later = day + dt.timedelta(n)
            if later.weekday() in open_days and later not in hours.closed_days:
                return later
        return None

    def hours_text(self) -> str:
        """The hours as DEPARTMENT_HOURS writes them: 'Mon 09:00-17:00; Tue 09:00-17:00'."""
        return "; ".join(
            f"{DAYS[o.day].title()} {o.opens:%H:%M}-{_closing(o.closes)}" for o in self.week
        )

    def current(self, today: dt.date) -> Department:
        """Without closures that ended before `today`: they say nothing any more."""
        return replace(self, closures=tuple(c for c in self.closures if c.last >= today))

    def to_json(self) -> str:
        return json.dumps(_plain(self), sort_keys=True)

    def changes(self, other: Department) -> dict[str, str]:
        """What differs from `other`, as the trail keeps it: before_<name> and after_<name>,
        each in words (the public number is "public_number": the trail takes no key with
        "phone" in it)."""
        mine, theirs = _words(self), _words(other)
        found: dict[str, str] = {}
        for name in mine:
            if mine[name] != theirs[name]:
                found[f"before_{name}"], found[f"after_{name}"] = mine[name], theirs[name]
        return found


def _words(department: Department) -> dict[str, str]:
    return {
        "hours": department.hours_text(),
        "bank_holidays": ", ".join(d.isoformat() for d in department.bank_holidays),
        "closures": "; ".join(
            f"{c.first.isoformat()} to {c.last.isoformat()}: {c.reason}"
            for c in department.closures
        ),
        "transfer_to": department.transfer_to,
        "public_number": department.phone,
        "address": department.address.replace("\n", ", "),
        "reminders_email": department.reminders_email,
        "reminders_webhook_url": department.reminders_webhook_url,
    }


def _closing(closes: dt.time) -> str:
    return "24:00" if closes == dt.time.max else f"{closes:%H:%M}"


def _plain(department: Department) -> dict[str, Any]:
    found = asdict(department)
    found["week"] = [[DAYS[o.day], f"{o.opens:%H:%M}", _closing(o.closes)] for o in department.week]
    found["bank_holidays"] = [d.isoformat() for d in department.bank_holidays]
    found["closures"] = [
        {"first": c.first.isoformat(), "last": c.last.isoformat(), "reason": c.reason}
        for c in department.closures
    ]
    return found


def _time(text: str) -> dt.time:
    return dt.time.max if text == "24:00" else dt.time.fromisoformat(text)


def from_json(text: str) -> Department:
    """A department from its JSON (ValueError when it is not one)."""
    try:
        raw = json.loads(text)
        known = {f.name for f in fields(Department)}
        if not isinstance(raw, dict) or set(raw) - known:
            raise ValueError("not the department's settings")
        return Department(
            week=tuple(Opening(DAYS.index(d), _time(a), _time(b)) for d, a, b in raw["week"]),
            bank_holidays=tuple(dt.date.fromisoformat(d) for d in raw["bank_holidays"]),
            closures=tuple(
                Closure(
                    dt.date.fromisoformat(c["first"]),
                    dt.date.fromisoformat(c["last"]),
                    str(c["reason"]),
                )  # fmt: skip
                for c in raw["closures"]
            ),
            **{name: str(raw.get(name, "")) for name in _TEXTS},
        )
    except (KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"not the department's settings: {exc}") from None


_TEXTS = ("transfer_to", "phone", "address", "reminders_email", "reminders_webhook_url")


def from_settings(settings: Any) -> Department:
    """The first values: DEPARTMENT_HOURS, BANK_HOLIDAYS, DEPARTMENT_PHONE (both the number
    calls go to and the one callers are told), REMINDERS_EMAIL, REMINDERS_WEBHOOK_URL."""
    hours: Hours | None = settings.hours
    week = tuple(
        Opening(day, start, end)
        for day, start, end in sorted(hours.periods if hours else (), key=lambda p: p[:2])
    )
    return Department(
        week=week,
        bank_holidays=tuple(sorted(settings.bank_holidays)),
        transfer_to=settings.department_phone,
        phone=settings.department_phone,
        reminders_email=settings.reminders_email,
        reminders_webhook_url=settings.reminders_webhook_url,
    )


def as_environment(department: Department) -> Mapping[str, str]:
    """The settings' environment names for these values (to check them as start-up does)."""
    return {
        "DEPARTMENT_HOURS": department.hours_text(),
        "BANK_HOLIDAYS": ",".join(d.isoformat() for d in department.bank_holidays),
        "DEPARTMENT_PHONE": department.transfer_to,
        "REMINDERS_EMAIL": department.reminders_email,
        "REMINDERS_WEBHOOK_URL": department.reminders_webhook_url,
    }


def written_phone(phone: str) -> str:
    """A number as people in the UK write it: '0113 496 0000' (international if abroad);
    ValueError if it is none."""
    try:
        parsed = phonenumbers.parse(phone, HOME_REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(f"not a phone number: {phone!r}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"not a phone number: {phone!r}")
    home = phonenumbers.region_code_for_number(parsed) == HOME_REGION
    style = PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(parsed, style)


@dataclass(frozen=True)
class Contact:
    """The department as the pages' footer writes it: its address's lines, its number as
    people write it, and the number to dial (tel:)."""

    lines: tuple[str, ...] = ()
    phone: str = ""
    dial: str = ""


def contact(department: Department) -> Contact:
    number = department.phone or department.transfer_to
    try:
        written = written_phone(number) if number else ""
    except ValueError:
        written, number = "", ""
    return Contact(tuple(department.address.splitlines()), written, number)
