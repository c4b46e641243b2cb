"""Usage counts for admins: per day and per topic, never per person. Charts and CSV: the
last eight weeks charted (app.admin.weekly), each chart's numbers in a table too."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Blueprint, Response, render_template, request

from app import redis_keys
from app.accounts.access import requires
from app.admin import charts, weekly
from app.core import counts
from app.core.counts import BY_TOPIC, DAILY, Count
from app.services import services

bp = Blueprint("stats", __name__, url_prefix="/stats")


def _range() -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    try:
        end = dt.date.fromisoformat(request.args.get("to", "")) if request.args.get("to") else today
        start = (
            dt.date.fromisoformat(request.args["from"])
            if request.args.get("from")
            else end - dt.timedelta(days=29)
        )
        if start > end:
            start, end = end, start
        return max(start, end - dt.timedelta(days=redis_keys.STATS_DAYS - 1)), end
    except (ValueError, OverflowError):  # not a date, or one near year 1
        return today - dt.timedelta(days=29), today


def _topics(found: dict[dt.date, dict[str, int]]) -> list[dict[str, object]]:
    library = services().speaker.library
    rows = []
    for article in sorted(library.articles.values(), key=lambda a: (a.menu, a.key)):

        def total(count: Count, topic: str = article.id) -> int:
            return sum(day.get(count.of(topic), 0) for day in found.values())

        row: dict[str, object] = {"title": article.title}
        row.update({count: total(count) for count in BY_TOPIC})
        rows.append(row)
    return rows


@bp.get("")
@requires("view_status")
def page() -> str:
    start, end = _range()
    found = counts.range_counts(services().redis, start, end)
    calls = [(day, found[day].get(Count.CALLS, 0)) for day in found]
    totals = {count: sum(day.get(count, 0) for day in found.values()) for count in DAILY}
    peak = max([1, *(n for _, n in calls)])
    weeks = weekly.last_weeks(dt.date.today())
    recent = counts.range_counts(services().redis, weeks[0].start, weeks[-1].end)
    drawn = [
        (group.heading, chart, charts.svg(chart))
        for group, chart in zip(weekly.GROUPS, weekly.charts(recent, weeks), strict=True)
    ]
    return render_template(
        "admin/stats.html", start=start, end=end, calls=calls, peak=peak,
        totals=totals, daily=DAILY, by_topic=BY_TOPIC, topics=_topics(found),
        weeks=weeks, drawn=drawn,
    )  # fmt: skip


@bp.get("/export.csv")
@requires("view_status")
def export() -> Response:
    start, end = _range()
    found = counts.range_counts(services().redis, start, end)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "count", "value"])
    for day, values in found.items():
        for name in sorted(values):
            writer.writerow([day.isoformat(), name, values[name]])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=line-stats-{start}-{end}.csv"},
    )
