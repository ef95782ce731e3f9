"""Server-side validation of a citizen's answers against a resolved definition.

Whatever arrives — from a browser, an API client or a fuzzer — the outcome is either the
cleaned answers with the fee, or :class:`SubmissionInvalid` listing what to fix where."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sites import normalise

from .checks import run_checks
from .definition import iter_fields
from .fieldtypes import CleaningContext, field_types

PATH_SEPARATOR = "__"


class SubmissionInvalid(Exception):
    """``errors`` maps a field path (``key`` or ``group__0__sub``) to messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} invalid answer(s)")


@dataclass
class CleanedSubmission:
    data: dict
    fee: int
    files: dict  # path -> uploaded file, to be stored by services.submit


def _matches(condition, value):
    if "filled" in condition:
        filled = value not in (None, "", [], {}, False)
        return filled == condition["filled"]
    values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if value is True:
        values = ["true", "on"]
    if "equals" in condition:
        return condition["equals"] in values
    return any(v in condition.get("in", []) for v in values)


def is_visible(spec, answers):
    """Is a field shown, given the cleaned answers so far (a row's answers in a group)?"""
    condition = spec.get("visible_when")
    if not condition:
        return True
    return _matches(condition, answers.get(condition["field"]))


def _clean_one(spec, raw, context, errors, path):
    field_type = field_types[spec["type"]]()
    if field_type.is_empty(raw):
        if spec.get("required"):
            message = (
                _("Accept the declaration to go on.")
                if spec["type"] == "declaration"
                else _("Fill in this field.")
            )
            errors[path] = [message]
        return None
    try:
        return field_type.clean(raw, spec, context)
    except ValidationError as error:
        errors[path] = [str(message) for message in error.messages]
    except (TypeError, ValueError, AttributeError, OverflowError):
        errors[path] = [_("This answer is not in a form we can read.")]
    return None


def _ordered_fields(definition):
    """Top-level fields in order; a condition pointing forward is resolved by a 2nd pass."""
    return [spec for _step, spec, group in iter_fields(definition) if group is None]


def clean_submission(definition, data, files=None, context=None):
    context = context or CleaningContext()
    files = files or {}
    data = data if isinstance(data, dict) else {}
    errors, cleaned, kept_files = {}, {}, {}
    top = _ordered_fields(definition)
    # Conditions read raw answers for fields later in the form and cleaned answers for the
    # earlier ones, so the outcome does not depend on where the trigger field sits.
    raw_answers = {k: v for k, v in data.items() if isinstance(k, str)}
    for spec in top:
        key = spec["key"]
        visible_from = {**raw_answers, **cleaned}
        if not is_visible(spec, visible_from):
            continue
        if spec["type"] == "group":
            rows = _clean_rows(spec, data.get(key), context, errors)
            if rows is not None:
                cleaned[key] = rows
            continue
        raw = files.get(key) if field_types[spec["type"]].is_file else data.get(key)
        value = _clean_one(spec, raw, context, errors, key)
        if value is not None:
            cleaned[key] = value
            if field_types[spec["type"]].is_file:
                kept_files[key] = raw
    if not errors:
        # A service's own check of the answers together (the trade register's 8-day rule,
        # the competent notary): only its errors about the fields cleaned here count, so a
        # page of the wizard shows those of its own fields and the summary shows them all.
        # A row's answer (``group__0__sub``) counts with its group.
        own = {spec["key"] for spec in top}
        for key, messages in run_checks(context, cleaned, raw_answers).items():
            if key.split(PATH_SEPARATOR, 1)[0] in own:
                errors[key] = messages
    if errors:
        raise SubmissionInvalid(errors)
    return CleanedSubmission(data=cleaned, fee=compute_fee(definition, cleaned), files=kept_files)


def _clean_rows(spec, raw_rows, context, errors):
    options = spec.get("options", {})
    key = spec["key"]
    if raw_rows in (None, "", []):
        raw_rows = []
    if not isinstance(raw_rows, list) or not all(isinstance(r, dict) for r in raw_rows):
        errors[key] = [_("This answer is not in a form we can read.")]
        return None
    subfields = spec.get("fields", [])
    # A row left entirely blank in the browser is not a row.
    raw_rows = [
        row
        for row in raw_rows
        if any(not field_types[s["type"]]().is_empty(row.get(s["key"])) for s in subfields)
    ]
    low = max(options.get("min_rows", 0), 1 if spec.get("required") else 0)
    high = min(options.get("max_rows", 200), 200)
    if len(raw_rows) < low:
        errors[key] = [_("Fill in at least %(count)d row(s).") % {"count": low}]
        return None
    if len(raw_rows) > high:
        errors[key] = [_("At most %(count)d rows are accepted.") % {"count": high}]
        return None
    rows = []
    for index, raw_row in enumerate(raw_rows):
        row = {}
        for sub in subfields:
            if not is_visible(sub, {**raw_row, **row}):
                continue
            path = PATH_SEPARATOR.join([key, str(index), sub["key"]])
            value = _clean_one(sub, raw_row.get(sub["key"]), context, errors, path)
            if value is not None:
                row[sub["key"]] = value
        rows.append(row)
    return rows or None


def compute_fee(definition, cleaned):
    """The fee in whole forints for these answers (0 when the form has none)."""
    fee = definition.get("fee") or {"kind": "none"}
    if fee.get("kind") == "fixed":
        return fee.get("amount", 0)
    if fee.get("kind") != "computed":
        return 0
    total = fee.get("base", 0)
    for term in fee.get("terms", []):
        if "per_row_of" in term:
            total += term["amount"] * len(cleaned.get(term["per_row_of"]) or [])
        elif "per_unit_of" in term:
            value = cleaned.get(term["per_unit_of"])
            total += term["amount"] * max(value, 0) if isinstance(value, int) else 0
        elif "when" in term and _matches(term["when"], cleaned.get(term["when"]["field"])):
            total += term["amount"]
    return total


def data_from_post(definition, post):
    """The answers of an HTML form post, in the shape clean_submission expects.

    Groups are posted as ``group__<row>__<sub>``, addresses as ``key__<part>``."""
    data = {}
    for _step, spec, group in iter_fields(definition):
        if group is not None:
            continue
        key, kind = spec["key"], spec["type"]
        if kind == "group":
            rows = {}
            prefix = key + PATH_SEPARATOR
            for name in post:
                if not name.startswith(prefix):
                    continue
                parts = name[len(prefix) :].split(PATH_SEPARATOR)
                # ASCII digits only: "²".isdigit() is true but int("²") fails.
                row = normalise.parse_index(parts[0]) if len(parts[0]) <= 3 else None
                if len(parts) != 2 or row is None:
                    continue
                sub = next((s for s in spec["fields"] if s["key"] == parts[1]), None)
                if sub is None:
                    continue
                value = post.getlist(name) if sub["type"] == "multichoice" else post.get(name)
                rows.setdefault(row, {})[parts[1]] = value
            data[key] = [rows[i] for i in sorted(rows)]
        elif kind == "multichoice":
            data[key] = post.getlist(key)
        elif kind == "postal_address":
            data[key] = {
                part: post.get(f"{key}{PATH_SEPARATOR}{part}", "")
                for part in field_types[kind].parts
            }
        elif kind != "file":
            data[key] = post.get(key)
    return data
