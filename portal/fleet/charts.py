"""The console's charts: the platform's shared chart geometry (sites.charts), with bars a
little slimmer and more room for the figures (forints) after them."""

from functools import partial

from sites import charts

bars = partial(charts.bars, bar_height=20, value_room=90)
columns = partial(charts.columns, height=200)
