"""Charts as inline SVG drawn on the server: no script, no style attribute (a strict CSP holds).

Colours come from CSS classes (`chart-*` in app.css) so pages theme and print them; geometry is
in presentation attributes. Every chart is an image with a title and a description
(`role="img"`, `aria-labelledby`), and the pages put a table of the same numbers beside it.
Texts arrive already translated; this module only escapes them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

HEIGHT, TOP, BOTTOM, LEFT, RIGHT = 240, 16, 44, 40, 12
SLOT = 34  # horizontal room per bar or point
MIN_WIDTH = 320


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label under the axis, its value, the text above it and its colour class."""

    label: str
    value: float
    shown: str
    tone: str = ""  # a suffix of the chart-bar class: "5", "4", "ok", "bad", ...


@dataclass(frozen=True, slots=True)
class Point:
    """One point of a line: its label under the axis and its value (None: no data there)."""

    label: str
    value: float | None
    shown: str


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, width: int, title: str, desc: str) -> list[str]:
    cid = escape(chart_id)
    return [
        # drawn at its own size (CSS lets it shrink on a phone): a chart of three bars is not
        # blown up to the page's width
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" id="{cid}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]


def _grid(width: int, low: float, high: float, steps: int = 4) -> list[str]:
    """Horizontal lines with their values on the left, from `low` to `high`."""
    out = []
    for i in range(steps + 1):
        value = low + (high - low) * i / steps
        y = _y(value, low, high)
        out.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        out.append(
            f'<text class="chart-axis" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_number(value)}</text>"
        )
    return out


def _y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1.0
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / span)


def _width(count: int, longest: int = 0) -> int:
    """Room for `count` bars or points whose labels are up to `longest` characters long."""
    slot = max(SLOT, round(longest * 6.5) + 6)  # 11px text: about 6.5px a character
    return max(MIN_WIDTH, LEFT + RIGHT + slot * max(count, 1))


def _label(x: float, text: str) -> str:
    return (
        f'<text class="chart-label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" '
        f'text-anchor="middle">{escape(text)}</text>'
    )


def bar_chart(
    bars: Sequence[Bar], *, chart_id: str, title: str, desc: str, maximum: float | None = None
) -> str:
    """A vertical bar chart.

    Args:
        bars: the bars, left to right.
        chart_id: a page-unique id (the title and description ids derive from it).
        title: what the chart shows (translated).
        desc: the numbers in a sentence for screen readers (translated).
        maximum: the top of the axis (default: the largest value, rounded up to a nice number).

    Returns:
        The <svg> element as text (escaped; safe to insert in HTML).
    """
    width = _width(len(bars), max((len(b.label) for b in bars), default=0))
    high = maximum or _nice(max((b.value for b in bars), default=0.0))
    out = [*_open(chart_id, width, title, desc), *_grid(width, 0.0, high)]
    slot = (width - LEFT - RIGHT) / max(len(bars), 1)
    for i, bar in enumerate(bars):
        x = LEFT + slot * i + slot * 0.15
        y = _y(min(bar.value, high), 0.0, high)
        tone = f" chart-bar-{escape(bar.tone)}" if bar.tone else ""
        out.append(
            f'<rect class="chart-bar{tone}" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{HEIGHT - BOTTOM - y:.1f}"><title>{escape(bar.label)}: '
            f"{escape(bar.shown)}</title></rect>"
        )
        out.append(
            f'<text class="chart-value" x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" '
            f'text-anchor="middle">{escape(bar.shown)}</text>'
        )
        out.append(_label(x + slot * 0.35, bar.label))
    out.append(_axis(width))
    return "\n".join([*out, "</svg>"])


def line_chart(
    points: Sequence[Point], *, chart_id: str, title: str, desc: str, high: float = 100.0
) -> str:
    """A line over labelled points (weeks), its axis starting near the lowest value.

    Args:
        points: the points, left to right; a None value breaks the line.
        chart_id: a page-unique id.
        title: what the chart shows (translated).
        desc: the numbers in a sentence for screen readers (translated).
        high: the top of the axis.

    Returns:
        The <svg> element as text.
    """
    width = _width(len(points))
    values = [p.value for p in points if p.value is not None]
    low = max(0.0, math.floor((min(values, default=high) - 5) / 10) * 10)
    low = min(low, high - 10)
    out = [*_open(chart_id, width, title, desc), *_grid(width, low, high)]
    slot = (width - LEFT - RIGHT) / max(len(points), 1)
    every = max(1, math.ceil(len(points) * SLOT / (width - LEFT - RIGHT) / 0.9))
    run: list[str] = []
    dots: list[str] = []  # drawn after the lines, so they stay on top
    for i, point in enumerate(points):
        x = LEFT + slot * (i + 0.5)
        if i % every == 0:
            out.append(_label(x, point.label))
        if point.value is None:
            out.append(_polyline(run))
            run = []
            continue
        y = _y(point.value, low, high)
        run.append(f"{x:.1f},{y:.1f}")
        dots.append(
            f'<circle class="chart-dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5"><title>'
            f"{escape(point.label)}: {escape(point.shown)}</title></circle>"
        )
    out += [_polyline(run), _axis(width), *dots]
    return "\n".join([*(line for line in out if line), "</svg>"])


def _polyline(run: list[str]) -> str:
    if len(run) < 2:
        return ""
    return f'<polyline class="chart-line" fill="none" points="{" ".join(run)}"/>'


def _axis(width: int) -> str:
    y = HEIGHT - BOTTOM
    return f'<line class="chart-axis-line" x1="{LEFT}" x2="{width - RIGHT}" y1="{y}" y2="{y}"/>'


def _nice(value: float) -> float:
    """A round top for an axis at or above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)
