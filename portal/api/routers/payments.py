"""payments endpoints (filled in below the framework)."""

from ninja import Router

router = Router()
