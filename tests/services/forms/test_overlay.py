"""Overlays: what a municipality changed, laid on any version of the template."""

from hypothesis import given, settings
from hypothesis import strategies as st

from services.forms.overlay import apply_overlay, diff_definitions, without_conflicts
from tests.services.forms.conftest import simple_definition


def field(key, **extra):
    return {"key": key, "type": "text", "label": key.title(), **extra}


BASE = simple_definition(
    field("nev", required=True, locked=True),
    field("megjegyzes"),
    field("telefon"),
)


def test_overlay_hides_adds_changes_and_reorders():
    overlay = {
        "meta": {"intro": "Eger MJV Polgármesteri Hivatal", "office": "Adóiroda"},
        "hidden": ["telefon"],
        "changes": {"megjegyzes": {"label": "Egyéb megjegyzés", "required": True}},
        "added_fields": [
            {"step": "adatok", "after": "nev", "field": field("h_kerulet", required=True)}
        ],
        "order": {"adatok": ["megjegyzes"]},
        "fee": {"kind": "fixed", "amount": 3000},
    }
    resolved, conflicts = apply_overlay(BASE, overlay)
    assert conflicts == []
    keys = [spec["key"] for spec in resolved["steps"][0]["fields"]]
    assert keys == ["megjegyzes", "nev", "h_kerulet"]
    assert resolved["steps"][0]["fields"][0]["label"] == "Egyéb megjegyzés"
    assert resolved["intro"] == "Eger MJV Polgármesteri Hivatal"
    assert resolved["fee"] == {"kind": "fixed", "amount": 3000}
    # the base is untouched
    assert [s["key"] for s in BASE["steps"][0]["fields"]] == ["nev", "megjegyzes", "telefon"]


def test_locked_and_removed_fields_are_conflicts_and_the_rest_is_kept():
    new_version = simple_definition(
        field("nev", required=True, locked=True),
        field("megjegyzes", locked=True),  # locked now
        field("adoazonosito", required=True),  # new required field
    )  # "telefon" removed
    overlay = {
        "hidden": ["telefon"],
        "changes": {"megjegyzes": {"label": "Egyéb"}},
        "added_fields": [{"step": "adatok", "after": "telefon", "field": field("h_sajat")}],
    }
    resolved, conflicts = apply_overlay(new_version, overlay)
    assert {(c["kind"], c["key"], c["reason"]) for c in conflicts} == {
        ("hidden", "telefon", "removed"),
        ("change", "megjegyzes", "locked"),
    }
    # the custom field survives; its anchor vanished so it goes to the end of the step
    assert [s["key"] for s in resolved["steps"][0]["fields"]][-1] == "h_sajat"
    cleaned = without_conflicts(overlay, conflicts)
    assert apply_overlay(new_version, cleaned)[1] == []
    assert cleaned["added_fields"] == overlay["added_fields"]


def test_hiding_a_required_field_or_taking_a_key_is_refused():
    overlay = {"hidden": ["nev"], "added_fields": [{"step": "adatok", "field": field("telefon")}]}
    _resolved, conflicts = apply_overlay(BASE, overlay)
    assert {(c["key"], c["reason"]) for c in conflicts} == {
        ("nev", "locked"),
        ("telefon", "key_taken"),
    }


def test_diff_lists_the_changes_for_the_notice():
    new = simple_definition(
        field("nev", required=True, locked=True),
        field("megjegyzes", required=True),
        field("uj", required=True),
    )
    kinds = {(c["kind"], c["key"]) for c in diff_definitions(BASE, new)}
    assert ("added", "uj") in kinds and ("removed", "telefon") in kinds
    assert ("required", "megjegyzes") in kinds


# -- property: re-apply keeps every customisation the new version still allows

template_keys = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), unique=True, min_size=1)


@st.composite
def versions_and_overlay(draw):
    old_keys = draw(template_keys)
    old = simple_definition(
        *[field(k, locked=draw(st.booleans()), required=False) for k in old_keys]
    )
    new_keys = draw(template_keys)
    new = simple_definition(
        *[field(k, locked=draw(st.booleans()), required=draw(st.booleans())) for k in new_keys]
    )
    unlocked_old = [
        k
        for k in old_keys
        if not any(s["key"] == k and s["locked"] for s in old["steps"][0]["fields"])
    ]
    hidden = draw(st.lists(st.sampled_from(unlocked_old), unique=True)) if unlocked_old else []
    changed = draw(st.lists(st.sampled_from(unlocked_old), unique=True)) if unlocked_old else []
    added = draw(st.lists(st.sampled_from(["h_x", "h_y", "h_z"]), unique=True))
    overlay = {
        "hidden": hidden,
        "changes": {k: {"label": f"Helyi {k}"} for k in changed if k not in hidden},
        "added_fields": [
            {"step": "adatok", "after": draw(st.sampled_from(old_keys)), "field": field(k)}
            for k in added
        ],
    }
    return old, new, overlay


@settings(max_examples=150, deadline=None)
@given(versions_and_overlay())
def test_reapply_keeps_every_allowed_customisation(case):
    old, new, overlay = case
    assert apply_overlay(old, overlay)[1] == []  # valid on the version it was made for
    resolved, conflicts = apply_overlay(new, overlay)
    in_conflict = {(c["kind"], c["key"]) for c in conflicts}
    fields = {s["key"]: s for s in resolved["steps"][0]["fields"]}
    new_fields = {s["key"]: s for s in new["steps"][0]["fields"]}
    for key in overlay["hidden"]:
        allowed = (
            key in new_fields
            and not new_fields[key].get("locked")
            and not new_fields[key]["required"]
        )
        assert (key not in fields) if allowed else (("hidden", key) in in_conflict)
    for key, change in overlay["changes"].items():
        allowed = key in new_fields and not new_fields[key].get("locked")
        if allowed:
            assert fields[key]["label"] == change["label"]
        else:
            assert ("change", key) in in_conflict
    for item in overlay["added_fields"]:
        assert item["field"]["key"] in fields
    # every field the new version requires is in the result
    for key, spec in new_fields.items():
        if spec["required"] or spec.get("locked"):
            assert key in fields
