"""Usage counts for admins: per day and per topic, never per person. Charts and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Blueprint, Response, render_template, request

from app import redis_keys
from app.admin.access import requires
from app.feedback.counts import KINDS
from app.ops import counts
from app.services import services

bp = Blueprint("stats", __name__, url_prefix="/stats")
DAILY = [
    ("calls", "Calls"),
    ("input_keypad", "Choices by keypad"),
    ("input_speech", "Choices by speech"),
    ("texts_sent", "Texts sent"),
    ("texts_failed", "Texts failed"),
    ("texts_delivered", "Texts delivered"),
    ("texts_received", "Texts received"),
    ("opt_outs", "Opted out (STOP)"),
]


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

        def total(name: str, topic: str = article.id) -> int:
            return sum(day.get(f"{name}:{topic}", 0) for day in found.values())

        row: dict[str, object] = {"title": article.title, "plays": total("plays"),
                                  "finished": total("finished")}  # fmt: skip
        row.update({kind: total(kind) for kind in KINDS})
        rows.append(row)
    return rows


@bp.get("")
@requires("view_status")
def page() -> str:
    start, end = _range()
    found = counts.range_counts(services().redis, start, end)
    calls = [(day, found[day].get("calls", 0)) for day in found]
    totals = {name: sum(day.get(name, 0) for day in found.values()) for name, _ in DAILY}
    peak = max([1, *(n for _, n in calls)])
    return render_template(
        "admin/stats.html", start=start, end=end, calls=calls, peak=peak,
        totals=totals, daily=DAILY, topics=_topics(found),
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
