"""The one NinjaAPI of /api/v1/ and its routers (one per domain, under /m/{ksh_code}/)."""

from ninja import NinjaAPI

from portal.opendata.api import router as opendata_router

from . import files, problems
from .auth import bearer
from .routers import content, me, registry, submissions, tax, trade
from .routers import payments as payments_router

DESCRIPTION = """A municipality's data for its other systems (accounting, a mobile app, a
national register). Every URL under `/m/{ksh_code}/` is one municipality's, named by its KSH
settlement code; an application's token reaches only the municipalities and scopes it was
granted. Errors are RFC 7807 problem details (`application/problem+json`) in Hungarian.
Lists are cursor-paged: pass `next_cursor` back as `cursor`."""

# Every operation may answer with a problem (problems.py); the schema says so, so that a
# client (and the schemathesis test) knows each status and its body.
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"where": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
PROBLEM_STATUSES = {
    "400": "Invalid request (e.g. a forged cursor)",
    "401": "No valid token",
    "403": "The token may not do this here",
    "404": "No such municipality or object",
    "409": "Conflict (e.g. an Idempotency-Key reused)",
    "422": "Invalid parameters or body",
    "429": "Rate limited; see Retry-After",
}


class VaroshazaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                # Ninja keys the responses a router declares by int (404), ours are
                # strings: one key per status, or the JSON has "404" twice and Swagger UI
                # (the docs page) refuses the whole document.
                responses = {
                    str(code): answer for code, answer in operation.get("responses", {}).items()
                }
                operation["responses"] = responses
                # Every error is a problem (problems.py), also where a router declared
                # the status with its own schema: the body is problem+json all the same.
                for status, description in PROBLEM_STATUSES.items():
                    declared = responses.get(status, {}).get("description")
                    responses[status] = {"description": declared or description, **problem}
        return schema


api = VaroshazaAPI(
    title="Városháza API",
    version="1",
    description=DESCRIPTION,
    # Wagtail 8's own admin API is a NinjaAPI too: a namespace of our own keeps the names apart.
    urls_namespace="openapi_v1",
    auth=bearer,
)
problems.install(api)

api.add_router("/m/", tax.router, tags=["tax"])
api.add_router("/m/", registry.router, tags=["registry"])
api.add_router("/m/", submissions.router, tags=["forms"])
api.add_router("/m/", payments_router.router, tags=["payments"])
api.add_router("/m/", trade.router, tags=["trade"])
api.add_router("/m/", content.router, tags=["content"])
api.add_router("/me/", me.router, tags=["me"])
# Open data without a token (portal.opendata): outside /m/, auth=None on its router.
api.add_router("/open/", opendata_router)
api.add_router("/files/", files.router)
