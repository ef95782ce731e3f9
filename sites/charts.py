"""Server-drawn bar charts (the trade register's statistics, the fleet console): the
geometry of an SVG the template writes out, with no JavaScript and nothing from another
host. The numbers are also in a table beside each chart, which
is what a screen reader reads (the SVG carries a title and says where the data is)."""

from dataclasses import dataclass

BAR_HEIGHT = 22
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


def bars(rows, width=WIDTH, *, bar_height=BAR_HEIGHT, value_room=60):
    """Horizontal bars, one per (label, value), longest value the full width less the room
    for the value; the label above its bar and the value after it."""
    rows = list(rows)
    top = max((value for _label, value in rows), default=0) or 1
    usable = width - value_room
    drawn, y = [], 0
    for label, value in rows:
        bar_width = usable * value / top
        drawn.append(
            Bar(
                label,
                value,
                0,
                y + 16,
                max(bar_width, 1),
                bar_height,
                bar_width + 6,
                y + 10 + bar_height,
            )
        )
        y += 16 + bar_height + GAP
    return Chart(width, max(y, 1), drawn, not rows)


def columns(rows, width=WIDTH, height=220):
    """Vertical columns, one per (label, value) in order (months); the value above each
    column, the label's first letters below."""
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
