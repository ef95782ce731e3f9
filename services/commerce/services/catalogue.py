"""The decrees' lists kept as data (data/commerce/*.json), each with its source and
whether it is confirmed: product groups and shop-only products (210/2009), industrial
activities (57/2013) and kinds of accommodation (239/2009)."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(settings.BASE_DIR) / "data" / "commerce"


@cache
def _load(name):
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def product_groups():
    """``{code: name}`` of the product groups a notification names, in the annex's order."""
    return {item["code"]: item["name"] for item in _load("product_groups")["groups"]}


def licence_products():
    """``{code: name}`` of the products sold only in a shop with an operating licence."""
    return {item["code"]: item["name"] for item in _load("product_groups")["licence"]}


def industrial_activities():
    """``{code: {"annex", "teaor", "name"}}`` of 57/2013's Annex 1 and Annex 2 items."""
    return {item["code"]: item for item in _load("industrial_activities")["activities"]}


def accommodation_kinds():
    return {item["code"]: item["name"] for item in _load("accommodation_kinds")["kinds"]}


def sources():
    """Each list's source and whether it is confirmed, for the officers' and public pages."""
    return {
        name: {"source": _load(name)["source"], "confirmed": _load(name)["confirmed"]}
        for name in ("product_groups", "industrial_activities", "accommodation_kinds")
    }
