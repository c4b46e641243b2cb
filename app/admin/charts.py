"""Bar charts drawn on the server, as SVG: numbers in, markup out, nothing else.

No script and no style attribute (the admin's Content-Security-Policy refuses both): the
colours and type are classes in `admin.css` (`.chart`, `.series-1` ...). Each chart is an
image with a title and a description for a screen reader; the page puts the same numbers in
a table beside it, which is what a screen reader reads out."""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
PLOT_TOP, PLOT_HEIGHT = 12, 180  # the bars' area, below a little room for the top number
LEFT, RIGHT = 44, 8  # room for the axis's numbers on the left
LABELS = 22  # the row of column labels under the bars
LEGEND_ROW, LEGEND_COLUMNS = 22, 2
SWATCH = 14


@dataclass(frozen=True)
class Series:
    """One kind of bar: its name in the legend and a number for each column."""

    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """Columns (weeks, say) of bars, one bar per series in each; `id` makes its ids unique
    on the page; `title` is what it shows, `columns` the short label under each."""

    id: str
    title: str
    columns: tuple[str, ...]
    series: tuple[Series, ...]


def axis_top(peak: int) -> int:
    """The axis's highest number: the peak rounded up to 1, 2 or 5 times a power of ten;
    1 when every number is zero, so nothing divides by zero."""
    if peak <= 1:
        return 1
    power = 1
    while power * 10 <= peak:
        power *= 10
    return next(step * power for step in (1, 2, 5, 10) if step * power >= peak)


def ticks(top: int) -> tuple[int, ...]:
    """The numbers marked on the axis: 0, the middle when it is a whole number, the top."""
    return (0, top // 2, top) if top >= 2 and top % 2 == 0 else (0, top)


def height(chart: Chart) -> int:
    """The chart's height: the bars, their labels and the legend's rows."""
    rows = math.ceil(len(chart.series) / LEGEND_COLUMNS)
    return PLOT_TOP + PLOT_HEIGHT + LABELS + rows * LEGEND_ROW + 8


def summary(chart: Chart) -> str:
    """What the chart shows, in words, for its description."""
    totals = "; ".join(f"{s.label}: {sum(s.values)} in all" for s in chart.series)
    return f"{totals}. The table after the chart has each column's numbers."


def svg(chart: Chart) -> Markup:
    """The chart as an inline SVG element: bars in proportion to their numbers."""
    peak = max((v for s in chart.series for v in s.values), default=0)
    top = axis_top(peak)
    ident = escape(chart.id)
    total_height = height(chart)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'width="{WIDTH}" height="{total_height}" viewBox="0 0 {WIDTH} {total_height}">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(summary(chart))}</desc>',
        *_axis(top),
        *_bars(chart, top),
        *_legend(chart),
        "</svg>",
    ]
    return Markup("\n".join(parts))


def _n(x: float) -> str:
    """A coordinate as written: to two places, without a trailing ".0"."""
    return f"{round(x, 2):g}"


def _axis(top: int) -> list[str]:
    lines = []
    for tick in ticks(top):
        y = PLOT_TOP + PLOT_HEIGHT - tick / top * PLOT_HEIGHT
        lines.append(
            f'<line class="grid" x1="{LEFT}" y1="{_n(y)}" x2="{WIDTH - RIGHT}" y2="{_n(y)}"/>'
        )
        lines.append(
            f'<text class="tick" x="{LEFT - 6}" y="{_n(y + 4)}" text-anchor="end">{tick}</text>'
        )
    return lines


def _bars(chart: Chart, top: int) -> list[str]:
    columns = max(len(chart.columns), 1)
    step = (WIDTH - LEFT - RIGHT) / columns
    bar = (step - 8) / max(len(chart.series), 1)
    base = PLOT_TOP + PLOT_HEIGHT
    out = []
    for c, label in enumerate(chart.columns):
        left = LEFT + c * step + 4
        for s, series in enumerate(chart.series):
            value = series.values[c] if c < len(series.values) else 0
            tall = value / top * PLOT_HEIGHT
            out.append(
                f'<rect class="series-{s + 1}" data-column="{c}" data-series="{s}" '
                f'x="{_n(left + s * bar)}" y="{_n(base - tall)}" '
                f'width="{_n(bar - 1)}" height="{_n(tall)}"/>'
            )
        middle = LEFT + c * step + step / 2
        out.append(
            f'<text class="column" x="{_n(middle)}" y="{base + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return out


def _legend(chart: Chart) -> list[str]:
    first = PLOT_TOP + PLOT_HEIGHT + LABELS + 4
    width = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS
    out = []
    for s, series in enumerate(chart.series):
        x = LEFT + (s % LEGEND_COLUMNS) * width
        y = first + (s // LEGEND_COLUMNS) * LEGEND_ROW
        out.append(
            f'<rect class="series-{s + 1}" x="{_n(x)}" y="{y}" width="{SWATCH}" height="{SWATCH}"/>'
        )
        out.append(
            f'<text class="legend" x="{_n(x + SWATCH + 6)}" y="{y + SWATCH - 2}">'
            f"{escape(series.label)}</text>"
        )
    return out
