"""A bar chart drawn as inline SVG on the server (no chart library, no script): copies per day, blocked ones.

Only geometry is computed here; the template draws it, with a data table beside it for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopforge.web.queries import DayCount

WIDTH, HEIGHT, TOP, BOTTOM = 600, 180, 10, 2


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    total_y: float
    total_height: float
    blocked_y: float
    blocked_height: float
    day: DayCount


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    peak: int
    baseline: float


def day_chart(days: list[DayCount]) -> Chart:
    peak = max((day.total for day in days), default=0)
    plot = HEIGHT - TOP - BOTTOM
    slot = WIDTH / max(1, len(days))
    baseline = HEIGHT - BOTTOM

    def height(value: int) -> float:
        return round(plot * value / peak, 1) if peak else 0.0

    bars = []
    for i, day in enumerate(days):
        total, blocked = height(day.total), height(day.blocked)
        x = round(i * slot + slot * 0.15, 1)
        bars.append(Bar(x, round(slot * 0.7, 1), baseline - total, total, baseline - blocked, blocked, day))
    return Chart(bars, WIDTH, HEIGHT, peak, baseline)
