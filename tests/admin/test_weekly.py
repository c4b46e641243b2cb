"""The last eight weeks (app.admin.weekly): seven-day weeks ending today, each day's counts
added up into the week it falls in, counts kept by topic added up over the topics."""

from __future__ import annotations

import datetime as dt

from app.admin.weekly import GROUPS, charts, last_weeks
from app.core.counts import Count

TODAY = dt.date(2026, 12, 5)  # a Saturday: the weeks do not follow the calendar's


def _values(found, group: str) -> dict[str, tuple[int, ...]]:
    weeks = last_weeks(TODAY)
    chart = next(c for c in charts(found, weeks) if c.id == f"weekly-{group}")
    return {s.label: s.values for s in chart.series}


def test_eight_weeks_of_seven_days_end_today_with_no_gap():
    weeks = last_weeks(TODAY)
    assert len(weeks) == 8 and weeks[-1].end == TODAY
    assert all((w.end - w.start).days == 6 for w in weeks)
    assert all(
        b.start - a.end == dt.timedelta(days=1) for a, b in zip(weeks, weeks[1:], strict=False)
    )
    assert weeks[0].start == TODAY - dt.timedelta(days=55)
    assert (weeks[-1].short, weeks[-1].long) == ("29 Nov", "29 Nov to 5 Dec 2026")


def test_a_day_is_counted_in_its_own_week_and_days_outside_are_left_out():
    found = {
        TODAY: {"calls": 2},
        TODAY - dt.timedelta(days=6): {"calls": 3},  # the last week's first day
        TODAY - dt.timedelta(days=7): {"calls": 5},  # the week before's last day
        TODAY - dt.timedelta(days=55): {"calls": 7},  # the first week's first day
        TODAY - dt.timedelta(days=56): {"calls": 100},  # before the eight weeks
        TODAY + dt.timedelta(days=1): {"calls": 100},
    }
    assert _values(found, "calls") == {"Calls": (7, 0, 0, 0, 0, 0, 5, 5)}


def test_counts_by_topic_and_feedback_by_phone_and_page_are_added_up():
    day = TODAY - dt.timedelta(days=10)  # the seventh week
    found = {
        day: {
            "plays:your-results": 2, "plays:going-for-a-scan": 3, "plays": 50,  # not by topic
            "answered:your-results": 4, "not_sure:what-is-nuclear-medicine": 1,
            "named_chosen:your-results": 1, "named_chosen:bone-scan": 1,
            "helpful_phone:your-results": 1, "helpful_page:your-results": 2,
            "unhelpful_page:going-for-a-scan": 6, "playsfoo:x": 9,
        }
    }  # fmt: skip
    topics = _values(found, "topics")
    assert topics == {
        "Topics started": (0,) * 6 + (5, 0),
        "Questions answered": (0,) * 6 + (4, 0),
        "Questions not answered": (0,) * 6 + (1, 0),
        "Named answers chosen": (0,) * 6 + (2, 0),
    }
    assert _values(found, "feedback") == {
        "Helpful": (0,) * 6 + (3, 0),
        "Not helpful": (0,) * 6 + (6, 0),
    }


def test_texts_and_call_backs_each_have_their_series_and_nothing_kept_is_all_zero():
    kept = {"texts_sent": 4, "texts_failed": 1, "texts_delivered": 3, "texts_received": 2,
            "callbacks_requested": 3, "callbacks_done": 2, "callbacks_unreached": 1}  # fmt: skip
    found = {TODAY: kept}
    assert [v[-1] for v in _values(found, "texts").values()] == [4, 1, 3, 2]
    assert [v[-1] for v in _values(found, "callbacks").values()] == [3, 2, 1]
    assert all(set(v) == {0} for g in GROUPS for v in _values({}, g.id).values())


def test_calls_topics_answers_texts_feedback_and_call_backs_are_all_charted():
    charted = {count for group in GROUPS for line in group.lines for count in line.counts}
    wanted = {
        Count.CALLS,
        Count.PLAYS,
        Count.ANSWERED,
        Count.NOT_SURE,
        Count.NAMED_CHOSEN,
        Count.TEXTS_RECEIVED,
        Count.HELPFUL_PAGE,
        Count.UNHELPFUL_PHONE,
        Count.CALLBACKS_UNREACHED,
    }
    assert wanted <= charted
