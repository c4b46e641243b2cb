"""The department's opening hours, in Europe/London, bank holidays closed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from app.errors import LineError

LONDON = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(r"^(\w{3})(?:-(\w{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class HoursError(LineError, ValueError):
    """A DEPARTMENT_HOURS setting that cannot be read."""


@dataclass(frozen=True)
class Hours:
    """Open periods by weekday (0 is Monday), e.g. from 'Mon-Fri 09:00-17:00; Sat 10:00-12:00'."""

    periods: tuple[tuple[int, dt.time, dt.time], ...]
    closed_days: frozenset[dt.date] = frozenset()

    @classmethod
    def parse(cls, text: str, bank_holidays: Collection[dt.date] = ()) -> Hours:
        periods = []
        for rule in filter(None, (r.strip() for r in text.split(";"))):
            match = _RULE.match(rule.lower())
            if not match or match.group(1) not in DAYS or (match.group(2) or "mon") not in DAYS:
                raise HoursError(f"cannot read opening hours {rule!r}: use 'Mon-Fri 09:00-17:00'")
            first = DAYS.index(match.group(1))
            last = DAYS.index(match.group(2)) if match.group(2) else first
            start = dt.time(int(match.group(3)), int(match.group(4)))
            # 24:00 is the end of the day.
            end = (
                dt.time.max
                if match.group(5) == "24"
                else dt.time(int(match.group(5)), int(match.group(6)))
            )
            periods += [(day, start, end) for day in range(first, last + 1)]
        return cls(tuple(periods), frozenset(bank_holidays))

    def is_open(self, when: dt.datetime) -> bool:
        local = when.astimezone(LONDON)
        if local.date() in self.closed_days:
            return False
        return any(
            day == local.weekday() and start <= local.time() < end
            for day, start, end in self.periods
        )

    def describe(self, words: Mapping[str, str]) -> str:
        """The hours as a caller hears them, in a language's words (its prompts days,
        days_single, hours_range, hours_day, hours_and and hours_except). In English:
        'Monday to Friday, 09:00 to 17:00, except bank holidays'."""
        names, single = _listed(words["days"]), _listed(words["days_single"])
        spans: list[str] = []
        for start, end in sorted({(s, e) for _, s, e in self.periods}):
            days = sorted(d for d, s, e in self.periods if (s, e) == (start, end))
            times = {
                "start": f"{start:%H:%M}",
                "end": "24:00" if end == dt.time.max else f"{end:%H:%M}",
            }
            for run in _runs(days):
                spans.append(
                    words["hours_day"].format(day=single[run[0]], **times)
                    if len(run) == 1
                    else words["hours_range"].format(
                        first=names[run[0]], last=names[run[-1]], **times
                    )
                )
        said = f", {words['hours_and']} ".join(spans)
        return f"{said}, {words['hours_except']}" if self.closed_days else said


def _listed(text: str) -> list[str]:
    found = [w.strip() for w in text.split(",") if w.strip()]
    if len(found) != 7:
        raise HoursError(f"the names of the days need seven, Monday first: {text!r}")
    return found


def _runs(days: list[int]) -> list[list[int]]:
    """Days next to each other go together: Mon, Tue, Wed, Fri -> [Mon-Wed], [Fri]."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs
