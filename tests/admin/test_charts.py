"""The statistics page's charts (app.admin.charts), read back as a browser would: SVG parsed,
bars measured against the axis, every label and the chart's name and description there."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from app.admin.charts import PLOT_HEIGHT, Chart, Series, axis_top, svg
from app.admin.weekly import GROUPS
from tests.support.line import ROOT

NS = {"svg": "http://www.w3.org/2000/svg"}
WEEKS = ("12 Oct", "19 Oct", "26 Oct", "2 Nov")


def _drawn(chart: Chart) -> ElementTree.Element:
    return ElementTree.fromstring(str(svg(chart)))


def _bars(root: ElementTree.Element) -> dict[tuple[int, int], float]:
    """Each bar's height, by (column, series)."""
    return {
        (int(r.get("data-column", "")), int(r.get("data-series", ""))): float(r.get("height", ""))
        for r in root.iterfind("svg:rect[@data-column]", NS)
    }


def _texts(root: ElementTree.Element, kind: str) -> list[str]:
    return [t.text or "" for t in root.iterfind(f"svg:text[@class='{kind}']", NS)]


def test_bars_are_in_proportion_to_their_numbers_and_stand_on_one_line():
    chart = Chart(
        "t", "Texts", WEEKS, (Series("Sent", (4, 0, 10, 7)), Series("Failed", (1, 2, 0, 3)))
    )
    root = _drawn(chart)
    bars = _bars(root)
    top = max(int(t) for t in _texts(root, "tick"))
    assert top == 10
    for series, values in enumerate(s.values for s in chart.series):
        for column, value in enumerate(values):
            assert bars[column, series] == pytest.approx(value / top * PLOT_HEIGHT, abs=0.01)
    bottoms = {
        float(r.get("y", "")) + float(r.get("height", ""))
        for r in root.iterfind("svg:rect[@data-column]", NS)
    }
    assert len(bottoms) == 1  # the baseline, the same for every bar


def test_the_tallest_bar_reaches_the_axis_top_which_is_a_round_number_above_it():
    root = _drawn(Chart("c", "Calls", WEEKS, (Series("Calls", (13, 20, 37, 1)),)))
    assert _texts(root, "tick") == ["0", "25", "50"]
    assert max(_bars(root).values()) == pytest.approx(37 / 50 * PLOT_HEIGHT, abs=0.01)


@pytest.mark.parametrize(
    ("peak", "top"),
    [
        (0, 1),
        (1, 1),
        (2, 2),
        (3, 5),
        (7, 10),
        (10, 10),
        (11, 20),
        (150, 200),
        (999, 1000),
        (1000, 1000),
        (1001, 2000),
    ],
)
def test_the_axis_top_is_one_two_or_five_times_a_power_of_ten(peak, top):
    assert axis_top(peak) == top


def test_every_week_has_its_label_and_every_series_its_legend():
    chart = Chart(
        "cb",
        "Call-backs",
        WEEKS,
        (Series("Asked for", (1, 2, 3, 4)), Series("Called back", (0, 1, 2, 3))),
    )
    root = _drawn(chart)
    assert _texts(root, "column") == list(WEEKS)
    assert _texts(root, "legend") == ["Asked for", "Called back"]
    swatches = [
        r.get("class") for r in root.iterfind("svg:rect", NS) if r.get("data-column") is None
    ]
    assert swatches == ["series-1", "series-2"]  # each legend's colour is its bars'
    assert {r.get("class") for r in root.iterfind("svg:rect[@data-series='1']", NS)} == {"series-2"}


def test_the_chart_is_an_image_named_by_its_title_and_described():
    root = _drawn(Chart("weekly-calls", "Calls each week", WEEKS, (Series("Calls", (1, 2, 3, 4)),)))
    assert root.get("role") == "img"
    title = root.find(f"svg:title[@id='{root.get('aria-labelledby')}']", NS)
    desc = root.find(f"svg:desc[@id='{root.get('aria-describedby')}']", NS)
    assert title is not None and title.text == "Calls each week"
    assert desc is not None and "Calls: 10 in all" in (desc.text or "")
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_a_week_with_nothing_is_drawn_as_a_bar_of_no_height():
    root = _drawn(Chart("c", "Calls", WEEKS, (Series("Calls", (0, 3, 0, 0)),)))
    bars = _bars(root)
    assert sorted(bars) == [(c, 0) for c in range(4)]  # every week, even the empty ones
    assert [bars[c, 0] for c in (0, 2, 3)] == [0, 0, 0] and bars[1, 0] > 0


def test_a_series_shorter_than_the_weeks_is_zero_for_the_weeks_it_lacks():
    bars = _bars(_drawn(Chart("c", "Calls", WEEKS, (Series("Calls", (5,)),))))
    assert [bars[c, 0] for c in range(4)] == [PLOT_HEIGHT, 0, 0, 0]


def test_all_zero_numbers_draw_flat_bars_without_dividing_by_zero():
    root = _drawn(Chart("z", "Nothing yet", WEEKS, (Series("A", (0,) * 4), Series("B", (0,) * 4))))
    assert set(_bars(root).values()) == {0}
    assert _texts(root, "tick") == ["0", "1"]


def test_no_columns_at_all_is_still_a_chart():
    root = _drawn(Chart("e", "Empty", (), (Series("A", ()),)))
    assert _bars(root) == {} and root.get("role") == "img"


def test_words_are_escaped_and_nothing_the_policy_refuses_is_drawn():
    chart = Chart('x"y', "<Calls> & texts", ("<b>",), (Series("A & B", (1,)), Series("C", (2,))))
    root = _drawn(chart)
    assert root.find("svg:title", NS).text == "<Calls> & texts"  # type: ignore[union-attr]
    assert _texts(root, "column") == ["<b>"] and _texts(root, "legend") == ["A & B", "C"]
    everything = list(root.iter())
    assert not [e for e in everything if e.tag.endswith(("script", "style", "foreignObject"))]
    assert not [
        e.tag
        for e in everything
        if "style" in e.attrib or any(a.startswith("on") for a in e.attrib)
    ]


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_every_series_colour_and_the_words_stand_out_from_the_white_page():
    """axe-core does not measure colours inside an SVG, so this does (WCAG: 4.5:1 for words;
    bars, as shapes, need 3:1, and are held to 4.5:1 here too)."""
    css = (ROOT / "app/static/admin.css").read_text()
    fills = dict(re.findall(r"\.chart \.series-(\d+) \{ fill: (#[0-9a-fA-F]{6}); \}", css))
    most = max(len(group.lines) for group in GROUPS)
    assert sorted(fills) == [str(n) for n in range(1, most + 1)]  # a colour for each series
    text = re.search(r"\.chart text \{ fill: (#[0-9a-fA-F]{6});", css)
    assert text is not None
    for colour in [*fills.values(), text.group(1)]:
        assert _contrast_on_white(colour) >= 4.5, colour
    assert len(set(fills.values())) == len(fills)  # no two series alike
