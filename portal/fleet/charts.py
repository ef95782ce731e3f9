"""Server-drawn charts of the console (no JavaScript, nothing fetched from another host):
the same geometry as the trade register's statistics (services/commerce/charts.py, which
is that app's own module and not on its façade). The numbers are in a table beside each
chart; the SVG has a title and says so."""

from dataclasses import dataclass

BAR_HEIGHT = 20
GAP = 8
WIDTH = 600


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


@dataclass
class Chart:
    width: int
    height: int
    bars: list
    empty: bool


def bars(rows, width=WIDTH):
    """Horizontal bars, one per (label, value); the label above its bar, the value after."""
    rows = list(rows)
    top = max((value for _label, value in rows), default=0) or 1
    usable = width - 90
    drawn, y = [], 0
    for label, value in rows:
        bar_width = usable * value / top
        drawn.append(
            Bar(label, value, 0, y + 16, max(bar_width, 1), BAR_HEIGHT, bar_width + 6, y + 31)
        )
        y += 16 + BAR_HEIGHT + GAP
    return Chart(width, max(y, 1), drawn, not rows)


def columns(rows, width=WIDTH, height=200):
    """Vertical columns, one per (label, value) in order (weeks): the value above each."""
    rows = list(rows)
    top = max((value for _label, value in rows), default=0) or 1
    plot = height - 50
    step = width / max(len(rows), 1)
    drawn = []
    for index, (label, value) in enumerate(rows):
        column_height = plot * value / top
        x = index * step + step * 0.15
        y = 20 + plot - column_height
        drawn.append(
            Bar(label, value, x, y, step * 0.7, max(column_height, 1), x + step * 0.35, y - 4)
        )
    return Chart(width, height, drawn, not any(value for _label, value in rows))
