"""All admin wiring of the trade and industry register."""

from . import hooks_procedures  # noqa: F401  (licence cases, notifications, zoning)
