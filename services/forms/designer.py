"""What the form designer does to a form, one action at a time.

The same actions work on two kinds of target: a full definition (the provider's template
draft, a municipality's local form) and a municipality's overlay on a template version.
On an overlay every action is written as an overlay item, so it survives the next version
of the template; locked fields refuse every change."""

import copy
import re
import unicodedata

from django.utils.translation import gettext as _

from .definition import META_KEYS, find_field, find_step, iter_fields
from .fieldtypes import field_types
from .overlay import LOCAL_KEY_PREFIX, apply_overlay, normalise_overlay


class DesignerError(Exception):
    pass


def slug_key(label, taken, prefix=""):
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_label.lower()).strip("_")[:40] or "mezo"
    if not base[0].isalpha():
        base = "m_" + base
    key, number = prefix + base, 2
    while key in taken:
        key, number = f"{prefix}{base}_{number}", number + 1
    return key[:50]


def parse_choices(text):
    """One choice per line, "value|label" or just the label."""
    choices, seen = [], set()
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        value, _sep, label = line.partition("|")
        if not label:
            label = value
            value = slug_key(value, seen)
        value = value.strip()[:100]
        if value in seen:
            continue
        seen.add(value)
        choices.append({"value": value, "label": label.strip()[:500]})
    return choices


def choices_text(spec):
    return "\n".join(
        f"{c['value']}|{c.get('label', c['value'])}"
        for c in spec.get("options", {}).get("choices", [])
    )


def build_spec(data, key, existing=None):
    """A field's definition from the designer's form data (cleaned_data)."""
    spec = copy.deepcopy(existing) if existing else {"key": key, "type": data["type"]}
    spec["label"] = data["label"]
    spec["help_text"] = data.get("help_text") or ""
    if not spec["help_text"]:
        spec.pop("help_text")
    spec["required"] = bool(data.get("required"))
    spec.setdefault("locked", False)
    options = dict(spec.get("options", {}))
    field_type = spec["type"]
    if field_type in ("choice", "multichoice"):
        options["choices"] = parse_choices(data.get("choices"))
    for name in ("min", "max", "max_length", "max_size_mb", "min_rows", "max_rows"):
        if name in field_types[field_type].option_types:
            value = data.get(name)
            if value is None:
                options.pop(name, None)
            else:
                options[name] = value
    if field_type == "file" and data.get("allowed_types"):
        options["allowed_types"] = [
            t.strip().lower().lstrip(".") for t in data["allowed_types"].split(",") if t.strip()
        ]
    if field_type == "postal_address":
        options["local_only"] = bool(data.get("local_only"))
    if options:
        spec["options"] = options
    else:
        spec.pop("options", None)
    if data.get("condition_field"):
        spec["visible_when"] = (
            {"field": data["condition_field"], "equals": data["condition_value"]}
            if data.get("condition_value")
            else {"field": data["condition_field"], "filled": True}
        )
    else:
        spec.pop("visible_when", None)
    if field_type == "group":
        spec.setdefault("fields", [])
    return spec


def _set_statutory(spec, data):
    reference = (data.get("statutory") or "").strip()[:255]
    if reference:
        spec["statutory"] = reference
    else:
        spec.pop("statutory", None)


def refuse_statutory(spec):
    if spec.get("statutory"):
        raise DesignerError(
            _("This field is prescribed by law (%(reference)s): it cannot be changed or hidden.")
            % {"reference": spec["statutory"]}
        )


class DefinitionEditor:
    """Edits a whole definition (template draft, local form)."""

    is_overlay = False

    def __init__(self, definition, can_lock=False):
        self.definition = copy.deepcopy(definition)
        self.can_lock = can_lock

    def resolved(self):
        return self.definition

    def result(self):
        return self.definition

    def set_meta(self, values):
        for key in META_KEYS:
            if key in values:
                self.definition[key] = values[key] or ""
        if "requires_identification" in values:
            if values["requires_identification"]:
                self.definition["requires_identification"] = True
            else:
                self.definition.pop("requires_identification", None)

    def set_fee(self, fee, statutory=None):
        self.definition["fee"] = fee
        if self.can_lock and statutory is not None:
            if statutory.strip():
                self.definition["fee_statutory"] = statutory.strip()[:255]
            else:
                self.definition.pop("fee_statutory", None)

    def add_step(self, title):
        taken = {s["key"] for s in self.definition["steps"]}
        key = slug_key(title, taken, self.key_prefix)
        self.definition["steps"].append({"key": key, "title": title, "fields": []})
        return key

    key_prefix = ""

    def _taken(self):
        return {spec["key"] for _s, spec, _g in iter_fields(self.resolved())}

    def add_field(self, step_key, data, group_key=None):
        key = slug_key(data["label"], self._taken(), self.key_prefix)
        spec = build_spec(data, key)
        if self.can_lock:
            spec["locked"] = bool(data.get("locked"))
            _set_statutory(spec, data)
        container = self._container(step_key, group_key)
        container.append(spec)
        return key

    def _container(self, step_key, group_key):
        step = find_step(self.definition, step_key)
        if step is None:
            raise DesignerError(_("The step does not exist."))
        if group_key:
            group = next(
                (s for s in step["fields"] if s["key"] == group_key and s["type"] == "group"), None
            )
            if group is None:
                raise DesignerError(_("The group does not exist."))
            return group.setdefault("fields", [])
        return step["fields"]

    def edit_field(self, key, data):
        found = find_field(self.definition, key)
        if found is None:
            raise DesignerError(_("The field does not exist."))
        _step, container, index = found
        spec = container[index]
        if spec.get("locked") and not self.can_lock:
            raise DesignerError(_("This field is required by law and cannot be changed."))
        new = build_spec({**data, "type": spec["type"]}, key, existing=spec)
        if self.can_lock:
            new["locked"] = bool(data.get("locked"))
            _set_statutory(new, data)
        container[index] = new

    def move_field(self, key, direction):
        found = find_field(self.definition, key)
        if found is None:
            raise DesignerError(_("The field does not exist."))
        _step, container, index = found
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(container):
            container[index], container[other] = container[other], container[index]

    def remove_field(self, key):
        found = find_field(self.definition, key)
        if found is None:
            raise DesignerError(_("The field does not exist."))
        _step, container, index = found
        if container[index].get("locked") and not self.can_lock:
            raise DesignerError(_("This field is required by law and cannot be removed."))
        del container[index]

    def remove_step(self, key):
        step = find_step(self.definition, key)
        if step is None:
            raise DesignerError(_("The step does not exist."))
        if any(spec.get("locked") for spec in step["fields"]) and not self.can_lock:
            raise DesignerError(_("This step holds fields required by law."))
        self.definition["steps"].remove(step)

    def hide_field(self, key, hidden=True):
        raise DesignerError(_("Remove the field instead: this form does not follow a template."))


class OverlayEditor(DefinitionEditor):
    """Edits a municipality's overlay; the base version is never touched."""

    is_overlay = True
    key_prefix = LOCAL_KEY_PREFIX

    def __init__(self, base_definition, overlay):
        self.base = base_definition
        self.overlay = normalise_overlay(overlay)
        self.can_lock = False

    def resolved(self):
        return apply_overlay(self.base, self.overlay)[0]

    def result(self):
        return self.overlay

    def _is_own(self, key):
        return find_field(self.base, key) is None

    def _own_spec(self, key):
        """The overlay's own copy of a field the municipality added, with its container."""
        for item in self.overlay["added_fields"]:
            if item["field"]["key"] == key:
                return [item["field"]], 0, item
            for index, sub in enumerate(item["field"].get("fields", [])):
                if sub["key"] == key:
                    return item["field"]["fields"], index, None
        for item in self.overlay["added_steps"]:
            for container in [item["step"]["fields"]] + [
                s.get("fields", []) for s in item["step"]["fields"] if s["type"] == "group"
            ]:
                for index, spec in enumerate(container):
                    if spec["key"] == key:
                        return container, index, None
        return None

    def set_meta(self, values):
        for key in META_KEYS:
            if key not in values:
                continue
            if (values[key] or "") == self.base.get(key, ""):
                self.overlay["meta"].pop(key, None)
            else:
                self.overlay["meta"][key] = values[key] or ""

    def set_fee(self, fee, statutory=None):
        if self.base.get("fee_statutory"):
            raise DesignerError(
                _("The fee is set by law (%(reference)s): it cannot be changed.")
                % {"reference": self.base["fee_statutory"]}
            )
        if fee == self.base.get("fee", {"kind": "none"}):
            self.overlay.pop("fee", None)
        else:
            self.overlay["fee"] = fee

    def add_step(self, title):
        resolved = self.resolved()
        key = slug_key(title, {s["key"] for s in resolved["steps"]}, self.key_prefix)
        after = resolved["steps"][-1]["key"] if resolved["steps"] else None
        self.overlay["added_steps"].append(
            {"after": after, "step": {"key": key, "title": title, "fields": []}}
        )
        return key

    def add_field(self, step_key, data, group_key=None):
        key = slug_key(data["label"], self._taken(), self.key_prefix)
        spec = build_spec(data, key)
        own_step = next(
            (i["step"] for i in self.overlay["added_steps"] if i["step"]["key"] == step_key), None
        )
        if group_key:
            found = self._own_spec(group_key)
            if found is None:
                raise DesignerError(_("Sub-fields can be added only to groups of your own."))
            container, index, _item = found
            container[index].setdefault("fields", []).append(spec)
        elif own_step is not None:
            own_step["fields"].append(spec)
        else:
            step = find_step(self.resolved(), step_key)
            if step is None:
                raise DesignerError(_("The step does not exist."))
            after = step["fields"][-1]["key"] if step["fields"] else None
            self.overlay["added_fields"].append({"step": step_key, "after": after, "field": spec})
        return key

    def edit_field(self, key, data):
        own = self._own_spec(key)
        if own is not None:
            container, index, _item = own
            container[index] = build_spec(
                {**data, "type": container[index]["type"]}, key, container[index]
            )
            return
        found = find_field(self.base, key)
        if found is None:
            raise DesignerError(_("The field does not exist."))
        _step, base_container, index = found
        spec = base_container[index]
        refuse_statutory(spec)
        if spec.get("locked"):
            raise DesignerError(_("This field is required by law and cannot be changed."))
        if spec.get("required") and not data.get("required"):
            raise DesignerError(
                _("This field is required in the template: it cannot be made optional.")
            )
        new = build_spec({**data, "type": spec["type"]}, key, existing=spec)
        changes = {}
        for name in ("label", "help_text", "required", "visible_when"):
            if new.get(name) != spec.get(name):
                changes[name] = new.get(name)
        if new.get("options", {}) != spec.get("options", {}):
            changes["options"] = {
                k: v
                for k, v in new.get("options", {}).items()
                if spec.get("options", {}).get(k) != v
            }
        if changes.get("help_text") is None and "help_text" in changes:
            changes["help_text"] = ""
        if changes:
            self.overlay["changes"][key] = changes
        else:
            self.overlay["changes"].pop(key, None)

    def move_field(self, key, direction):
        own = self._own_spec(key)
        resolved = self.resolved()
        found = find_field(resolved, key)
        if found is None:
            raise DesignerError(_("The field does not exist."))
        step, container, index = found
        if container is not step["fields"]:
            if own is None:
                raise DesignerError(_("Sub-fields of the template's groups keep their order."))
            own_container, own_index, _item = own
            other = own_index - 1 if direction == "up" else own_index + 1
            if 0 <= other < len(own_container):
                own_container[own_index], own_container[other] = (
                    own_container[other],
                    own_container[own_index],
                )
            return
        keys = [spec["key"] for spec in step["fields"]]
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(keys):
            keys[index], keys[other] = keys[other], keys[index]
            self.overlay["order"][step["key"]] = keys

    def remove_field(self, key):
        before = copy.deepcopy(self.overlay)
        self.overlay["added_fields"] = [
            i for i in self.overlay["added_fields"] if i["field"]["key"] != key
        ]
        for item in self.overlay["added_fields"]:
            item["field"]["fields"] = (
                [s for s in item["field"].get("fields", []) if s["key"] != key]
                if item["field"]["type"] == "group"
                else item["field"].get("fields")
            )
            if item["field"].get("fields") is None:
                item["field"].pop("fields", None)
        for item in self.overlay["added_steps"]:
            item["step"]["fields"] = [s for s in item["step"]["fields"] if s["key"] != key]
            for spec in item["step"]["fields"]:
                if spec["type"] == "group":
                    spec["fields"] = [s for s in spec["fields"] if s["key"] != key]
        if self.overlay == before:
            raise DesignerError(_("Fields of the template cannot be removed; hide them instead."))
        self.overlay["changes"].pop(key, None)

    def remove_step(self, key):
        kept = [i for i in self.overlay["added_steps"] if i["step"]["key"] != key]
        if len(kept) == len(self.overlay["added_steps"]):
            raise DesignerError(_("Only steps you added can be removed."))
        self.overlay["added_steps"] = kept
        self.overlay["added_fields"] = [i for i in self.overlay["added_fields"] if i["step"] != key]

    def hide_field(self, key, hidden=True):
        found = find_field(self.base, key)
        if found is None:
            raise DesignerError(
                _("Only fields of the template can be hidden; remove yours instead.")
            )
        _step, container, index = found
        spec = container[index]
        if hidden:
            refuse_statutory(spec)
        if hidden and (spec.get("locked") or spec.get("required")):
            raise DesignerError(_("Required and legally locked fields cannot be hidden."))
        if hidden and key not in self.overlay["hidden"]:
            self.overlay["hidden"].append(key)
        elif not hidden and key in self.overlay["hidden"]:
            self.overlay["hidden"].remove(key)

    def is_hidden(self, key):
        return key in self.overlay["hidden"]
