"""A NinjaAPI of the open data's own, until the platform's API (portal.api, issue #20
item 1) exists: then the router is mounted there and this module goes."""

from ninja import NinjaAPI

from .api import NAMESPACE, router

api = NinjaAPI(
    title="Városháza API",
    version="1",
    urls_namespace=NAMESPACE,
    description="Open data without a token (issue #20).",
)
api.add_router("/open/", router)
