"""Call-backs decided, pure: whose number may be offered one, what the caller hears for each
answer, the line's day, and which open requests have waited too long."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import phonenumbers

from app.core.hours import LONDON
from app.texts.numbers import classify


class Answer(StrEnum):
    """What the line says about a call-back, each its prompt (OFF: nothing at all)."""

    OFFER = "callback_offer"  # we can call you back: press 1
    TAKEN = "callback_confirmed"  # we will call you back on the next working day
    WITHHELD = "callback_withheld"  # your number is withheld: none offered
    ALREADY = "callback_already"  # this number has a request open already
    FULL = "callback_full"  # the line has taken all it can today
    UNAVAILABLE = "callback_unavailable"  # it could not be taken just now (Redis away)
    OFF = ""  # CALLBACKS_DAILY is 0: nothing is said or offered


def callable_number(caller: str) -> str | None:
    """The caller's number in E.164 when the desk could ring it back; None when it is
    withheld, not a phone number (a browser or SIP client: `client:...`), or not valid."""
    verdict, number = classify(caller, phonenumbers.SUPPORTED_REGIONS)
    return number if verdict != "withheld" else None


def line_day(now: dt.datetime) -> dt.date:
    """The department's day (Europe/London), which the daily cap counts in."""
    return now.astimezone(LONDON).date()


def overdue(asked_at: dt.datetime, now: dt.datetime, retention_days: int) -> bool:
    """An open request older than the retention: flagged to the desk, never dropped."""
    return now - asked_at > dt.timedelta(days=retention_days)


def waited(asked_at: dt.datetime, now: dt.datetime) -> str:
    """How long a request has waited, as the desk reads it: "3 hours", "2 days"."""
    seconds = max(0, int((now - asked_at).total_seconds()))
    if seconds < 3600:
        return "under an hour"
    if seconds < 2 * 86400:
        hours = seconds // 3600
        return f"{hours} hour{'s' * (hours != 1)}"
    return f"{seconds // 86400} days"
