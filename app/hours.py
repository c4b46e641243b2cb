"""The department's opening hours, in Europe/London, bank holidays closed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RULE = re.compile(r"^(\w{3})(?:-(\w{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
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

    def describe(self) -> str:
        """The hours as a caller hears them: 'Monday to Friday, 9:00 to 17:00'."""
        spans: list[str] = []
        for start, end in sorted({(s, e) for _, s, e in self.periods}):
            days = sorted(d for d, s, e in self.periods if (s, e) == (start, end))
            first, last = DAY_NAMES[days[0]], DAY_NAMES[days[-1]]
            names = first if len(days) == 1 else f"{first} to {last}"
            until = "24:00" if end == dt.time.max else f"{end:%H:%M}"
            spans.append(f"{names}, {start:%H:%M} to {until}")
        return ", and ".join(spans) + (", except bank holidays" if self.closed_days else "")
