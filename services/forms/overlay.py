"""A municipality's customisation, kept as an overlay on a template version.

The overlay records only what the municipality changed, so it can be laid on the next
version of the template the provider publishes:

    {"meta": {"intro": "...", "office": "...", "handling_group": "...", "title": "..."},
     "fee": {...},                                  # replaces the template's fee
     "hidden": ["field_key", ...],                  # optional, unlocked fields only
     "changes": {"field_key": {"label": "...", "help_text": "...", "required": true,
                               "options": {...}, "visible_when": {...}}},
     "added_steps": [{"after": "step_key" | null, "step": {...step with fields...}}],
     "added_fields": [{"step": "step_key", "after": "field_key" | null, "field": {...}}],
     "order": {"step_key": ["field_key", ...]}}

:func:`apply_overlay` returns the resolved definition and the conflicts: every item that the
version does not allow (it removed or locked the field, took the key…). Everything else is
kept. Conflicting items are left out of the result, never silently "fixed"."""

import copy

from .definition import META_KEYS, field_map, find_field, find_step, validate_definition
from .fieldtypes import field_types

OVERLAY_KEYS = ("meta", "fee", "hidden", "changes", "added_steps", "added_fields", "order")
CHANGEABLE = ("label", "help_text", "required", "options", "visible_when")
# Prefix of the keys the designer gives to a municipality's own fields and steps; the
# provider's templates never use it, so a new version cannot take a local key by accident.
LOCAL_KEY_PREFIX = "h_"


def empty_overlay():
    return {
        "meta": {},
        "hidden": [],
        "changes": {},
        "added_steps": [],
        "added_fields": [],
        "order": {},
    }


def normalise_overlay(overlay):
    result = empty_overlay()
    for key, value in (overlay or {}).items():
        if key in OVERLAY_KEYS:
            result[key] = copy.deepcopy(value)
    return result


def is_empty(overlay):
    return normalise_overlay(overlay) == empty_overlay()


def _conflict(kind, key, reason, label=""):
    return {"kind": kind, "key": key, "reason": reason, "label": label}


def _referenced(definition, key):
    """Fields (and the fee) that depend on ``key``."""
    users = [
        spec["key"]
        for spec in field_map(definition).values()
        if (spec.get("visible_when") or {}).get("field") == key
    ]
    for term in (definition.get("fee") or {}).get("terms", []):
        if key in (
            term.get("per_row_of"),
            term.get("per_unit_of"),
            (term.get("when") or {}).get("field"),
        ):
            users.append("fee")
    return users


def apply_overlay(definition, overlay):
    """(resolved definition, conflicts). The inputs are not modified."""
    result = copy.deepcopy(definition)
    overlay = normalise_overlay(overlay)
    conflicts = []

    for item in overlay["added_steps"]:
        step = item.get("step", {})
        if find_step(result, step.get("key")) is not None:
            conflicts.append(
                _conflict("added_step", step.get("key"), "key_taken", step.get("title", ""))
            )
            continue
        taken = [s["key"] for s in step.get("fields", []) if find_field(result, s.get("key"))]
        if taken:
            conflicts.append(
                _conflict("added_step", step.get("key"), "key_taken", step.get("title", ""))
            )
            continue
        steps = result["steps"]
        anchor = next((i for i, s in enumerate(steps) if s["key"] == item.get("after")), None)
        if item.get("after") is None:
            steps.insert(0, copy.deepcopy(step)) if item.get("first") else steps.append(
                copy.deepcopy(step)
            )
        else:
            steps.insert(len(steps) if anchor is None else anchor + 1, copy.deepcopy(step))

    for item in overlay["added_fields"]:
        spec = item.get("field", {})
        label = spec.get("label", "")
        step = find_step(result, item.get("step"))
        if step is None:
            conflicts.append(_conflict("added_field", spec.get("key"), "step_removed", label))
            continue
        if find_field(result, spec.get("key")) is not None:
            conflicts.append(_conflict("added_field", spec.get("key"), "key_taken", label))
            continue
        fields = step["fields"]
        anchor = next((i for i, s in enumerate(fields) if s["key"] == item.get("after")), None)
        # A vanished anchor is not worth a conflict: the field goes to the end of its step.
        position = (
            0
            if item.get("after") is None and item.get("first")
            else (len(fields) if anchor is None else anchor + 1)
        )
        fields.insert(position, copy.deepcopy(spec))

    for key, changes in overlay["changes"].items():
        found = find_field(result, key)
        if found is None:
            conflicts.append(_conflict("change", key, "removed"))
            continue
        _step, container, index = found
        spec = container[index]
        if spec.get("locked"):
            conflicts.append(_conflict("change", key, "locked", spec.get("label", "")))
            continue
        if spec.get("statutory"):
            # The law's wording wins over a local one: the change is left out, not a
            # conflict, and the officer is told (legal.overridden_by_law).
            continue
        if changes.get("required") is False and spec.get("required"):
            conflicts.append(_conflict("change", key, "required", spec.get("label", "")))
            continue
        options = changes.get("options") or {}
        allowed = getattr(field_types.get(spec.get("type")), "option_types", {})
        if any(name not in allowed and name != "choices" for name in options) or (
            "choices" in options and "choices" not in allowed
        ):
            # The new version changed the field's type: the local settings of the old type
            # (a maximum of a number) mean nothing on it.
            conflicts.append(_conflict("change", key, "type_changed", spec.get("label", "")))
            continue
        candidate = copy.deepcopy(spec)
        for name in CHANGEABLE:
            if name not in changes:
                continue
            if name == "options":
                merged = {**candidate.get("options", {}), **changes["options"]}
                if "choices" in changes["options"] and candidate.get("options", {}).get("choices"):
                    merged["choices"] = merge_choices(
                        candidate["options"]["choices"], changes["options"]["choices"]
                    )
                candidate["options"] = merged
            elif name == "visible_when" and changes[name] is None:
                candidate.pop("visible_when", None)
            else:
                candidate[name] = copy.deepcopy(changes[name])
        container[index] = candidate

    for key in overlay["hidden"]:
        found = find_field(result, key)
        if found is None:
            conflicts.append(_conflict("hidden", key, "removed"))
            continue
        _step, container, index = found
        spec = container[index]
        if spec.get("statutory"):
            continue  # the law requires it shown; reported by legal.overridden_by_law
        if spec.get("locked"):
            conflicts.append(_conflict("hidden", key, "locked", spec.get("label", "")))
        elif spec.get("required"):
            conflicts.append(_conflict("hidden", key, "required", spec.get("label", "")))
        elif _referenced(result, key):
            conflicts.append(_conflict("hidden", key, "in_use", spec.get("label", "")))
        else:
            del container[index]

    for step_key, order in overlay["order"].items():
        step = find_step(result, step_key)
        if step is None or not isinstance(order, list):
            continue
        rank = {key: i for i, key in enumerate(order)}
        listed = sorted(
            (s for s in step["fields"] if s["key"] in rank), key=lambda s: rank[s["key"]]
        )
        rest = [s for s in step["fields"] if s["key"] not in rank]
        step["fields"] = listed + rest

    for key in META_KEYS:
        if isinstance(overlay["meta"].get(key), str):
            result[key] = overlay["meta"][key]
    if "fee" in overlay and overlay["fee"] is not None and not definition.get("fee_statutory"):
        result["fee"] = copy.deepcopy(overlay["fee"])

    # What still does not fit together (a local field's condition on a removed field, a fee
    # term counting a removed group) is reported as a whole-form conflict.
    for problem in validate_definition(result):
        conflicts.append(_conflict("definition", "", "invalid", problem))
    return result, conflicts


def merge_choices(provided, local):
    """The version's choices, in its order, with the municipality's labels for the values
    it relabelled, then the municipality's own values. A choice the provider adds in a
    later version so reaches a municipality that relabelled the list."""
    labels = {c.get("value"): c.get("label") for c in local if isinstance(c, dict)}
    merged = [
        {**c, "label": labels[c["value"]]} if labels.get(c["value"]) else dict(c) for c in provided
    ]
    known = {c["value"] for c in provided}
    merged.extend(dict(c) for c in local if isinstance(c, dict) and c.get("value") not in known)
    return merged


def without_conflicts(overlay, conflicts):
    """The overlay less the items in conflict: what an officer accepts to move on."""
    overlay = normalise_overlay(overlay)
    for conflict in conflicts:
        kind, key = conflict["kind"], conflict["key"]
        if kind == "hidden":
            overlay["hidden"] = [k for k in overlay["hidden"] if k != key]
        elif kind == "change":
            overlay["changes"].pop(key, None)
        elif kind == "added_field":
            overlay["added_fields"] = [
                i for i in overlay["added_fields"] if i.get("field", {}).get("key") != key
            ]
        elif kind == "added_step":
            overlay["added_steps"] = [
                i for i in overlay["added_steps"] if i.get("step", {}).get("key") != key
            ]
    return overlay


def diff_definitions(old, new):
    """What changed between two versions, for the notice municipalities receive."""
    changes = []
    old_fields, new_fields = field_map(old or {"steps": []}), field_map(new)
    for key, spec in new_fields.items():
        before = old_fields.get(key)
        if before is None:
            changes.append(
                {
                    "kind": "added",
                    "key": key,
                    "label": spec.get("label", ""),
                    "required": bool(spec.get("required")),
                }
            )
            continue
        for flag in ("locked", "required"):
            if bool(before.get(flag)) != bool(spec.get(flag)):
                kind = flag if spec.get(flag) else f"un{flag}"
                changes.append({"kind": kind, "key": key, "label": spec.get("label", "")})
        if {k: v for k, v in before.items() if k not in ("locked", "required")} != {
            k: v for k, v in spec.items() if k not in ("locked", "required")
        }:
            changes.append({"kind": "changed", "key": key, "label": spec.get("label", "")})
    for key, spec in old_fields.items():
        if key not in new_fields:
            changes.append({"kind": "removed", "key": key, "label": spec.get("label", "")})
    old_steps = {s["key"] for s in (old or {}).get("steps", [])}
    new_steps = {s["key"]: s for s in new.get("steps", [])}
    for key, step in new_steps.items():
        if key not in old_steps:
            changes.append({"kind": "step_added", "key": key, "label": step.get("title", "")})
    for key in old_steps - set(new_steps):
        changes.append({"kind": "step_removed", "key": key, "label": ""})
    for key in ("fee", *META_KEYS, "requires_identification"):
        if (old or {}).get(key) != new.get(key):
            changes.append({"kind": "meta", "key": key, "label": ""})
    return changes
