"""The weekly chart of the report, drawn on the server as SVG (no script, no other host):
per week a "yes" and a "no" column side by side. The same numbers are in a table below the
chart, which is what a screen reader reads."""

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
TOP = 20
BOTTOM = 36


@dataclass
class Column:
    x: float
    y: float
    width: float
    height: float
    value: int
    kind: str

    @property
    def text_x(self):
        return round(self.x + self.width / 2, 1)

    @property
    def text_y(self):
        return round(self.y - 3, 1)


@dataclass
class WeekChart:
    width: int
    height: int
    columns: list
    labels: list  # (x, text)
    baseline: float
    empty: bool


def week_columns(series, width=WIDTH, height=HEIGHT):
    """``series``: (Monday, yes, no) per week, oldest first."""
    series = list(series)
    top = max((max(yes, no) for _day, yes, no in series), default=0) or 1
    plot = height - TOP - BOTTOM
    step = width / max(len(series), 1)
    column_width = step * 0.36
    columns, labels = [], []
    for index, (monday, yes, no) in enumerate(series):
        left = index * step + step * 0.12
        for offset, value, kind in ((0, yes, "yes"), (column_width, no, "no")):
            column_height = plot * value / top
            columns.append(
                Column(
                    round(left + offset, 1),
                    round(TOP + plot - column_height, 1),
                    round(column_width, 1),
                    round(max(column_height, 0.5), 1),
                    value,
                    kind,
                )
            )
        labels.append((round(left + column_width, 1), monday.strftime("%m.%d.")))
    return WeekChart(
        width, height, columns, labels, TOP + plot, not any(y or n for _d, y, n in series)
    )
