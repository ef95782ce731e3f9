"""The procedure rules kept as data (data/commerce/licence_procedures.json and
zoning_default.json), each with its source and whether it is confirmed: which specialist
authorities a licence involves and how long they have, whether an on-site inspection is
held, whether the notary may decide while an authority has not answered, and the zoning
matrix a municipality starts from."""

import datetime

from . import catalogue


def _rules():
    return catalogue._load("licence_procedures")


def procedure(kind):
    """``{"form", "inspection", "deadline_rule", ...}`` of a procedure kind."""
    return _rules()["procedures"][kind]


def authorities():
    """``{code: {"name", "products", "activities", "days"}}`` in the data's order."""
    return {item["code"]: item for item in _rules()["authorities"]}


def authorities_for(*, products=(), activity=""):
    """The authorities the data names for these shop-only products or this activity (an
    Annex 2 activity brings those listed for "annex2"); the officer may ask others."""
    annex = ""
    found = catalogue.industrial_activities().get(activity)
    if found is not None:
        annex = f"annex{found['annex']}"
    chosen = []
    for code, item in authorities().items():
        if set(products) & set(item["products"]) or (annex and annex in item["activities"]):
            chosen.append(code)
    return chosen


def answer_due(code, sent_on):
    """The day an authority's answer is due: its days in the data (calendar days, not
    confirmed), or the default of the first authority when the officer names another."""
    item = authorities().get(code) or _rules()["authorities"][0]
    return sent_on + datetime.timedelta(days=int(item["days"]))


def may_proceed_without_answer():
    """Whether a case may be decided once an open request is past its due date."""
    return bool(_rules()["proceed_without_answer"]["allowed"])


def default_zoning():
    return catalogue._load("zoning_default")


def sources():
    return {
        name: {
            "source": catalogue._load(name)["source"],
            "confirmed": catalogue._load(name)["confirmed"],
        }
        for name in ("licence_procedures", "zoning_default")
    }
