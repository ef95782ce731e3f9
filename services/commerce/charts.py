"""The statistics page's charts: the platform's shared chart geometry (sites.charts)."""

from sites.charts import bars, columns  # noqa: F401
