"""The statistics page and its CSV list every count the line keeps (app.core.counts.Count)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from markupsafe import escape

from app.core.counts import Count, count
from app.services import services


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
