"""The statistics page's weekly charts in a real browser, under the policy the line sends:
each chart an image a screen reader names, its numbers in a table, nothing blocked, and
nothing at all for axe-core to find (not only the serious)."""

from __future__ import annotations

import datetime as dt

from app.core.counts import add
from tests.support.browser import (
    AXE,
    BROWSER_MARKS,
    browser,
    csp_violations,
    live,
    page,
    shot,
    sign_in,
    someone,
)

__all__ = ["browser", "live", "page", "someone"]  # fixtures
pytestmark = BROWSER_MARKS

HEADINGS = ("Calls", "Topics and questions", "Texts", "Feedback (phone and page)", "Call-backs")


def _every_violation(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Everything axe-core finds, whatever its impact."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]
    ]


def test_the_weekly_charts_have_tables_break_no_policy_and_axe_finds_nothing(
    live, page, someone, redis
):
    base, _ = live
    today = dt.date.today()
    add(redis, {
        (today, "calls"): 12, (today - dt.timedelta(days=8), "calls"): 30,
        (today - dt.timedelta(days=20), "plays:your-results"): 7,
        (today, "answered:your-results"): 4,
        (today, "texts_sent"): 6, (today, "texts_failed"): 1, (today, "texts_delivered"): 5,
        (today, "texts_received"): 2, (today, "helpful_page:your-results"): 3,
        (today, "unhelpful_phone:your-results"): 1, (today, "callbacks_requested"): 2,
        (today, "callbacks_done"): 1, (today, "callbacks_unreached"): 1,
    })  # fmt: skip
    sign_in(page, base, someone("admin"), target="/admin/stats")
    for heading in HEADINGS:
        chart = page.get_by_role("img", name=f"{heading} each week")
        assert chart.count() == 1 and chart.is_visible(), heading
        table = page.get_by_role("table", name=f"{heading} each week")
        assert table.get_by_role("row").count() == 9, heading  # a heading row and 8 weeks
    calls = page.get_by_role("table", name="Calls each week")
    assert calls.get_by_role("row").nth(7).get_by_role("cell").inner_text() == "30"
    assert calls.get_by_role("row").nth(8).get_by_role("cell").inner_text() == "12"
    bars = page.locator("svg[aria-labelledby='weekly-calls-title'] rect[data-column]")
    heights = bars.evaluate_all("bars => bars.map(b => b.getBoundingClientRect().height)")
    assert heights[6] > heights[7] > 0 and heights[:6] == [0] * 6  # drawn, in proportion
    assert _every_violation(page) == []
    assert csp_violations(page) == []
    shot(page, "admin-stats-weekly")
