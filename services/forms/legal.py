"""What a legal change means for one municipality's form, in words its officer reads.

A template version may mark parts as *statutory* (a field's ``statutory`` legal reference,
the definition's ``fee_statutory``): the law prescribes them, so they reach every
municipality whatever it customised (overlay.apply_overlay leaves the overrides out). Here:

- :func:`statutory_statements` – the statutory changes between two versions, in plain
  Hungarian ("A díj jogszabály szerint 5 000 Ft lett");
- :func:`overridden_by_law` – the municipality's overrides that the law now overrules;
- :func:`keep_or_take` – non-statutory parts the municipality customised and the provider
  changed: the officer keeps theirs or takes the provider's;
- :func:`resolution` – the overrides to drop so that an overlay fits a version. It always
  exists (the empty overlay fits every published version), and lists every dropped item
  by its label, for the officer to read before confirming."""

import copy

from django.utils.translation import gettext as _

from sites.hungarian import format_money as forints

from .definition import field_map, find_field, find_step
from .overlay import apply_overlay, normalise_overlay, without_conflicts


def describe_fee(fee):
    fee = fee or {"kind": "none"}
    if fee.get("kind") == "fixed":
        return forints(fee.get("amount", 0))
    if fee.get("kind") == "computed":
        return _("computed from the answers (base %(base)s)") % {
            "base": forints(fee.get("base", 0))
        }
    return _("no fee")


def _reference(text):
    return f" ({text})" if text else ""


def statutory_statements(old, new):
    """Plain sentences for every statutory part that changed from ``old`` to ``new``."""
    old = old or {"steps": []}
    statements = []
    if new.get("fee_statutory") and (
        old.get("fee") != new.get("fee") or not old.get("fee_statutory")
    ):
        statements.append(
            _("By law the fee is now %(fee)s%(ref)s.")
            % {"fee": describe_fee(new.get("fee")), "ref": _reference(new["fee_statutory"])}
        )
    before = field_map(old)
    for key, spec in field_map(new).items():
        if not spec.get("statutory"):
            continue
        ref = _reference(spec["statutory"])
        earlier = before.get(key)
        label = spec.get("label", "")
        if earlier is None:
            statements.append(
                _("New field required by law: „%(label)s”%(ref)s.") % {"label": label, "ref": ref}
            )
            continue
        if earlier.get("label") != label:
            statements.append(
                _("By law the field „%(old)s” now reads „%(new)s”%(ref)s.")
                % {"old": earlier.get("label", ""), "new": label, "ref": ref}
            )
        if bool(earlier.get("required")) != bool(spec.get("required")):
            statements.append(
                (
                    _("By law the field „%(label)s” is now required%(ref)s.")
                    if spec.get("required")
                    else _("By law the field „%(label)s” is now optional%(ref)s.")
                )
                % {"label": label, "ref": ref}
            )
        choices = spec.get("options", {}).get("choices")
        if choices and choices != earlier.get("options", {}).get("choices"):
            statements.append(
                _("By law the choices of „%(label)s” are now: %(choices)s%(ref)s.")
                % {
                    "label": label,
                    "choices": ", ".join(c.get("label") or c["value"] for c in choices),
                    "ref": ref,
                }
            )
        if earlier.get("help_text", "") != spec.get("help_text", ""):
            statements.append(
                _("By law the guidance of „%(label)s” changed%(ref)s.")
                % {"label": label, "ref": ref}
            )
    return statements


def overridden_by_law(definition, overlay):
    """The municipality's overrides that statutory parts of ``definition`` overrule."""
    overlay = normalise_overlay(overlay)
    statements = []
    if "fee" in overlay and overlay["fee"] is not None and definition.get("fee_statutory"):
        if overlay["fee"] != definition.get("fee"):
            statements.append(
                _("Your fee (%(yours)s) is replaced by the fee set by law: %(fee)s.")
                % {"yours": describe_fee(overlay["fee"]), "fee": describe_fee(definition["fee"])}
            )
    fields = field_map(definition)
    for key, changes in overlay["changes"].items():
        spec = fields.get(key)
        if spec and spec.get("statutory") and changes:
            statements.append(
                _("Your changes to „%(label)s” are replaced by the wording set by law.")
                % {"label": spec.get("label", "")}
            )
    for key in overlay["hidden"]:
        spec = fields.get(key)
        if spec and spec.get("statutory"):
            statements.append(
                _("„%(label)s” is required by law and is shown again.")
                % {"label": spec.get("label", "")}
            )
    return statements


def without_overruled(definition, overlay):
    """The overlay less what the law overrules, so it no longer pretends to apply."""
    overlay = normalise_overlay(overlay)
    fields = field_map(definition)
    if definition.get("fee_statutory"):
        overlay.pop("fee", None)
    for key in list(overlay["changes"]):
        if fields.get(key, {}).get("statutory"):
            del overlay["changes"][key]
    overlay["hidden"] = [k for k in overlay["hidden"] if not fields.get(k, {}).get("statutory")]
    return overlay


KEEP_OR_TAKE_PARTS = ("label", "help_text", "required", "options", "visible_when")


def keep_or_take(old, new, overlay):
    """Non-statutory parts the municipality customised that the provider also changed."""
    overlay = normalise_overlay(overlay)
    old_fields, new_fields = field_map(old or {"steps": []}), field_map(new)
    items = []
    for key, changes in overlay["changes"].items():
        before, after = old_fields.get(key), new_fields.get(key)
        if before is None or after is None or after.get("statutory"):
            continue
        parts = [
            name
            for name in KEEP_OR_TAKE_PARTS
            if name in changes and before.get(name) != after.get(name)
        ]
        if parts:
            items.append(
                {
                    "kind": "field",
                    "key": key,
                    "label": after.get("label", ""),
                    "yours": changes.get("label", after.get("label", "")),
                }
            )
    if (
        overlay.get("fee") is not None
        and not new.get("fee_statutory")
        and (old or {}).get("fee") != new.get("fee")
    ):
        items.append(
            {
                "kind": "fee",
                "key": "fee",
                "label": _("Fee"),
                "yours": describe_fee(overlay["fee"]),
                "theirs": describe_fee(new.get("fee")),
            }
        )
    return items


def take_providers(overlay, item_key):
    """The overlay without the municipality's version of one part (a field or the fee)."""
    overlay = normalise_overlay(overlay)
    if item_key == "fee":
        overlay.pop("fee", None)
    else:
        overlay["changes"].pop(item_key, None)
    return overlay


# -- resolving a conflict


def _items(overlay):
    """Every droppable item of an overlay as (kind, key)."""
    yield from (("change", key) for key in overlay["changes"])
    yield from (("hidden", key) for key in overlay["hidden"])
    yield from (("added_field", i.get("field", {}).get("key")) for i in overlay["added_fields"])
    yield from (("added_step", i.get("step", {}).get("key")) for i in overlay["added_steps"])
    if overlay.get("fee") is not None:
        yield ("fee", "fee")
    if overlay["order"]:
        yield ("order", "")
    yield from (("meta", key) for key in overlay["meta"])


def _drop(overlay, kind, key):
    overlay = normalise_overlay(overlay)
    if kind == "fee":
        overlay.pop("fee", None)
    elif kind == "order":
        overlay["order"] = {}
    elif kind == "meta":
        overlay["meta"].pop(key, None)
    else:
        overlay = without_conflicts(overlay, [{"kind": kind, "key": key}])
    return overlay


def _label(kind, key, overlay, *definitions):
    if kind == "fee":
        return _("the fee")
    if kind == "order":
        return _("the order of the fields")
    if kind == "meta":
        return key
    if kind == "added_step":
        for item in overlay["added_steps"]:
            if item.get("step", {}).get("key") == key:
                return item["step"].get("title") or key
    for item in overlay["added_fields"]:
        if item.get("field", {}).get("key") == key:
            return item["field"].get("label") or key
    for definition in definitions:
        if definition and find_field(definition, key):
            _step, container, index = find_field(definition, key)
            return container[index].get("label") or key
        if definition and kind == "added_step" and find_step(definition, key):
            return find_step(definition, key).get("title") or key
    return key


def resolution(definition, overlay, previous=None):
    """(overlay that fits ``definition``, [{kind, key, label}] of the dropped items).

    First the items the conflicts name; then, while the form still does not fit together
    (a local field's condition on a removed field…), the single item whose removal fixes
    it, else items one by one. Ends at the empty overlay at worst, which always fits."""
    overlay = without_overruled(definition, overlay)
    original = copy.deepcopy(overlay)
    dropped = []
    _result, conflicts = apply_overlay(definition, overlay)
    named = [c for c in conflicts if c["kind"] != "definition"]
    for conflict in named:
        dropped.append((conflict["kind"], conflict["key"]))
    overlay = without_conflicts(overlay, named)
    for _round in range(200):
        _result, conflicts = apply_overlay(definition, overlay)
        if not conflicts:
            break
        candidates = list(_items(overlay))
        fixing = next(
            (c for c in candidates if not apply_overlay(definition, _drop(overlay, *c))[1]),
            None,
        )
        choice = fixing or (candidates[0] if candidates else None)
        if choice is None:
            break
        dropped.append(choice)
        overlay = _drop(overlay, *choice)
    return overlay, [
        {"kind": kind, "key": key, "label": _label(kind, key, original, previous, definition)}
        for kind, key in dropped
    ]
