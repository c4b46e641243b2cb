"""The last eight weeks at a glance: each day's counts added up by week, in the groups the
statistics page charts. A week is seven days in a row, the last ending today (so every bar
is seven days, and today's counts are in the last). Pure: the view reads Redis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from app.admin.charts import Chart, Series
from app.core.counts import Count

WEEKS = 8


@dataclass(frozen=True)
class Week:
    """Seven days, first to last."""

    start: dt.date
    end: dt.date

    @property
    def short(self) -> str:
        """Under its bars: its first day, "23 Nov"."""
        return f"{self.start.day} {self.start:%b}"

    @property
    def long(self) -> str:
        """In the table: "23 Nov to 29 Nov 2026"."""
        return f"{self.short} to {self.end.day} {self.end:%b %Y}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def last_weeks(today: dt.date, n: int = WEEKS) -> tuple[Week, ...]:
    """The n weeks ending today, oldest first."""
    ends = [today - dt.timedelta(days=7 * back) for back in reversed(range(n))]
    return tuple(Week(end - dt.timedelta(days=6), end) for end in ends)


@dataclass(frozen=True)
class Line:
    """One series of a chart: its label and the counts it adds up (a count kept by topic
    is added up over every topic)."""

    label: str
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class Group:
    """One chart: its id on the page, its heading and its series."""

    id: str
    heading: str
    lines: tuple[Line, ...]


GROUPS = (
    Group("calls", "Calls", (Line("Calls", (Count.CALLS,)),)),
    Group("topics", "Topics and questions", (
        Line("Topics started", (Count.PLAYS,)),
        Line("Questions answered", (Count.ANSWERED,)),
        Line("Questions not answered", (Count.NOT_SURE,)),
        Line("Named answers chosen", (Count.NAMED_CHOSEN,)),
    )),
    Group("texts", "Texts", (
        Line("Sent", (Count.TEXTS_SENT,)),
        Line("Failed", (Count.TEXTS_FAILED,)),
        Line("Delivered", (Count.TEXTS_DELIVERED,)),
        Line("Received", (Count.TEXTS_RECEIVED,)),
    )),
    Group("feedback", "Feedback (phone and page)", (
        Line("Helpful", (Count.HELPFUL_PHONE, Count.HELPFUL_PAGE)),
        Line("Not helpful", (Count.UNHELPFUL_PHONE, Count.UNHELPFUL_PAGE)),
    )),
    Group("callbacks", "Call-backs", (
        Line("Asked for", (Count.CALLBACKS_REQUESTED,)),
        Line("Called back", (Count.CALLBACKS_DONE,)),
        Line("Could not reach the caller", (Count.CALLBACKS_UNREACHED,)),
    )),
)  # fmt: skip


def of_day(day: Mapping[str, int], count: Count) -> int:
    """A day's number for a count; for a count kept by topic, every topic's added up."""
    if not count.by_topic:
        return day.get(count, 0)
    prefix = f"{count}:"
    return sum(n for name, n in day.items() if name.startswith(prefix))


def of_week(found: Mapping[dt.date, Mapping[str, int]], week: Week, line: Line) -> int:
    """A series' number for a week: its counts over the week's days (a day not kept: 0)."""
    return sum(
        of_day(counts, count)
        for day, counts in found.items()
        if day in week
        for count in line.counts
    )


def charts(
    found: Mapping[dt.date, Mapping[str, int]], weeks: tuple[Week, ...]
) -> tuple[Chart, ...]:
    """Each group's chart of the weeks, from each day's counts."""
    span = (
        f"{weeks[0].start.day} {weeks[0].start:%B %Y} to {weeks[-1].end.day} {weeks[-1].end:%B %Y}"
    )
    return tuple(
        Chart(
            id=f"weekly-{group.id}",
            title=f"{group.heading} each week, {span}",
            columns=tuple(week.short for week in weeks),
            series=tuple(
                Series(line.label, tuple(of_week(found, week, line) for week in weeks))
                for line in group.lines
            ),
        )
        for group in GROUPS
    )
