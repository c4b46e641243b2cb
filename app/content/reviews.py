"""Review dates: when a topic is overdue or due soon, for the checks, the editor's list and
/metrics. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from app.content.model import Library

REVIEW_SOON_DAYS = 30


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def review_state(due: dt.date | None, today: dt.date) -> str:
    """ "overdue", "soon" (within REVIEW_SOON_DAYS) or "" (not due, or no date)."""
    if due is None:
        return ""
    if due < today:
        return "overdue"
    return "soon" if (due - today).days <= REVIEW_SOON_DAYS else ""


def reviews_due(libraries: Iterable[Library], today: dt.date) -> dict[tuple[str, str], int]:
    """How many topics are overdue and due soon, by language: for /metrics and alerting."""
    found = {(library.lang, state): 0 for library in libraries for state in ("overdue", "soon")}
    for library in libraries:
        for article in library.articles.values():
            state = review_state(article.review_due, today)
            if state:
                found[(library.lang, state)] += 1
    return found


def review(due: dt.date | None, today: dt.date) -> Iterator[tuple[str, str, str]]:
    """A topic's review date as a check's findings: (level, check, message)."""
    state = review_state(due, today)
    if due is None:
        yield "warning", "review-missing", "No review date: add review_due to the article."
    elif state == "overdue":
        yield "error", "review-overdue", f"Review date passed on {_day(due)}."
    elif state == "soon":
        days = (due - today).days
        when = "today" if days == 0 else f"in {days} day(s), on {_day(due)}"
        yield "warning", "review-soon", f"Review is due {when}."
