"""Turns a definition (and answers, and errors) into what the templates render.

The same code serves the citizen's page, the officer's preview and the read-only view of
a submission, so all three show the same form."""

import json

from .definition import iter_fields
from .fieldtypes import field_types
from .validation import PATH_SEPARATOR, is_visible


def _field(spec, name, value, errors, answers):
    field_type = field_types[spec["type"]]
    options = spec.get("options", {})
    item = {
        "spec": spec,
        "key": spec["key"],
        "name": name,
        "label": spec.get("label", ""),
        "help_text": spec.get("help_text", ""),
        "required": spec.get("required", False),
        "locked": spec.get("locked", False),
        "statutory": spec.get("statutory", ""),
        "type": spec["type"],
        "type_label": field_type.label,
        "input_type": field_type.input_type,
        "template_name": field_type.template_name,
        "value": value if value is not None else "",
        "errors": errors.get(name, []),
        "options": options,
        "choices": options.get("choices", []),
        "condition": json.dumps(spec["visible_when"]) if spec.get("visible_when") else "",
        "condition_field": spec.get("visible_when", {}).get("field", ""),
        "shown": is_visible(spec, answers),
    }
    if spec["type"] == "multichoice":
        item["value"] = value if isinstance(value, list) else []
    if spec["type"] == "postal_address":
        item["parts"] = [
            (
                part,
                f"{name}{PATH_SEPARATOR}{part}",
                (value or {}).get(part, "") if isinstance(value, dict) else "",
            )
            for part in field_type.parts
        ]
    return item


def form_context(definition, data=None, errors=None, extra_rows=None):
    """Steps with their fields ready for templates/forms/render/form.html."""
    data = data or {}
    errors = errors or {}
    extra_rows = extra_rows or {}
    steps = []
    for step in definition.get("steps", []):
        fields = []
        for spec in step.get("fields", []):
            item = _field(spec, spec["key"], data.get(spec["key"]), errors, data)
            if spec["type"] == "group":
                raw_rows = data.get(spec["key"]) if isinstance(data.get(spec["key"]), list) else []
                count = max(len(raw_rows), spec.get("options", {}).get("min_rows", 0), 1)
                count = min(count + extra_rows.get(spec["key"], 0), 200)
                item["rows"] = []
                for index in range(count):
                    row = (
                        raw_rows[index]
                        if index < len(raw_rows) and isinstance(raw_rows[index], dict)
                        else {}
                    )
                    item["rows"].append(
                        {
                            "number": index + 1,
                            "prefix": f"{spec['key']}{PATH_SEPARATOR}{index}{PATH_SEPARATOR}",
                            "fields": [
                                _field(
                                    sub,
                                    PATH_SEPARATOR.join([spec["key"], str(index), sub["key"]]),
                                    row.get(sub["key"]),
                                    errors,
                                    row,
                                )
                                for sub in spec.get("fields", [])
                            ],
                        }
                    )
                item["row_count"] = count
            fields.append(item)
        steps.append({"key": step["key"], "title": step.get("title", ""), "fields": fields})
    return {"definition": definition, "steps": steps, "form_errors": errors}


def answers_context(definition, data):
    """Label/answer pairs of a stored submission, in the order of its own definition."""
    rows = []
    for step in definition.get("steps", []):
        items = []
        for spec in step.get("fields", []):
            if spec["key"] not in data:
                continue
            value = data[spec["key"]]
            if spec["type"] == "group":
                group_rows = []
                for row in value if isinstance(value, list) else []:
                    group_rows.append(
                        [
                            (
                                sub.get("label", ""),
                                field_types[sub["type"]]().display(row.get(sub["key"]), sub),
                            )
                            for sub in spec.get("fields", [])
                            if sub["key"] in row
                        ]
                    )
                items.append({"label": spec.get("label", ""), "rows": group_rows})
            else:
                items.append(
                    {
                        "label": spec.get("label", ""),
                        "value": field_types[spec["type"]]().display(value, spec),
                    }
                )
        if items:
            rows.append({"title": step.get("title", ""), "items": items})
    return rows


def field_choices(definition):
    """(key, label) of fields a condition may depend on, for the designer."""
    return [
        (spec["key"], f"{spec.get('label', '')[:60]} ({spec['key']})")
        for _step, spec, group in iter_fields(definition)
        if group is None and spec["type"] not in ("group", "file")
    ]
