"""The statistics page and its CSV list every count the line keeps (app.core.counts.Count)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from xml.etree import ElementTree

import pytest
from markupsafe import escape

from app.admin.charts import PLOT_HEIGHT
from app.admin.weekly import last_weeks
from app.core.counts import Count, add, count
from app.services import services

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

SVG = {"svg": "http://www.w3.org/2000/svg"}


def _topic(app) -> tuple[str, str]:
    article = next(iter(services(app).speaker.library.articles.values()))
    return article.id, article.title


@pytest.mark.parametrize("counted", list(Count), ids=str)
def test_every_count_once_counted_shows_on_the_page_and_in_the_csv(admin, app, redis, counted):
    topic, title = _topic(app)
    name = counted.of(topic) if counted.by_topic else str(counted)
    count(redis, name, name)
    html = admin.get("/admin/stats").get_data(as_text=True)
    if counted.by_topic:
        row = re.search(rf"<tr><th scope=\"row\">{re.escape(title)}</th>(.*?)</tr>", html, re.S)
        assert row is not None and f'data-count="{counted}">2<' in row.group(1)
    else:
        assert f'data-count="{counted}">2<' in html
    assert str(escape(counted.label)) in html
    rows = csv.DictReader(io.StringIO(admin.get("/admin/stats/export.csv").get_data(as_text=True)))
    assert {r["count"]: r["value"] for r in rows}[name] == "2"


def _chart_and_table(html: str, chart: str) -> tuple[dict, dict, list[str]]:
    """A weekly chart's numbers as its bars show them (height against the axis's top) and
    as its table does, each by (week, series); and the table's week headings."""
    drawn = re.search(rf'<svg [^>]*aria-labelledby="{chart}-title".*?</svg>', html, re.S)
    assert drawn is not None, f"no chart {chart}"
    root = ElementTree.fromstring(drawn.group(0))
    top = max(int(t.text or "0") for t in root.iterfind("svg:text[@class='tick']", SVG))
    bars = {
        (int(r.get("data-column", "")), int(r.get("data-series", ""))): round(
            float(r.get("height", "")) / PLOT_HEIGHT * top
        )
        for r in root.iterfind("svg:rect[@data-column]", SVG)
    }
    table = re.search(rf'<table id="{chart}-table">.*?</table>', html, re.S)
    assert table is not None, f"no table for {chart}"
    cells = {
        (int(c), int(s)): int(n)
        for c, s, n in re.findall(
            r'<td data-column="(\d+)" data-series="(\d+)">(\d+)</td>', table.group(0)
        )
    }
    weeks = re.findall(r'<th scope="row">([^<]*)</th>', table.group(0))
    return bars, cells, weeks


def test_the_last_eight_weeks_are_charted_and_tabled_with_the_same_numbers(admin, app, redis):
    today = dt.date.today()
    ten_days_ago = today - dt.timedelta(days=10)  # the seventh of the eight weeks
    long_ago = today - dt.timedelta(days=60)  # before the eight weeks
    add(redis, {
        (today, "calls"): 2, (ten_days_ago, "calls"): 9, (long_ago, "calls"): 50,
        (ten_days_ago, "plays:your-results"): 3, (ten_days_ago, "plays:going-for-a-scan"): 4,
        (today, "answered:your-results"): 1, (today, "texts_received"): 5,
        (ten_days_ago, "helpful_phone:your-results"): 1,
        (ten_days_ago, "helpful_page:your-results"): 2,
        (today, "callbacks_requested"): 3, (today, "callbacks_unreached"): 1,
    })  # fmt: skip
    html = admin.get("/admin/stats").get_data(as_text=True)
    weeks = last_weeks(today)
    expected = {
        "weekly-calls": {(6, 0): 9, (7, 0): 2},
        "weekly-topics": {(6, 0): 7, (7, 1): 1},
        "weekly-texts": {(7, 3): 5},
        "weekly-feedback": {(6, 0): 3},
        "weekly-callbacks": {(7, 0): 3, (7, 2): 1},
    }
    for chart, numbers in expected.items():
        bars, cells, headings = _chart_and_table(html, chart)
        assert headings == [week.long for week in weeks]
        assert bars == cells, f"{chart}: the chart and its table disagree"
        assert {place: n for place, n in cells.items() if n} == numbers, chart
    assert "<h2>The last 8 weeks</h2>" in html
    assert 'style="' not in html and "<script" not in html  # the policy would refuse them
