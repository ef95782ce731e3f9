"""Form definitions are data: ordered steps of fields, a fee, and a few texts.

    {"title": "...", "intro": "...", "office": "...", "handling_group": "...",
     "fee": {"kind": "none"} | {"kind": "fixed", "amount": 3000}
            | {"kind": "computed", "base": 0, "terms": [
                  {"per_row_of": "ingatlanok", "amount": 1000},
                  {"per_unit_of": "napok_szama", "amount": 500},
                  {"when": {"field": "surgos", "equals": "igen"}, "amount": 2000}]},
     "steps": [{"key": "adozo", "title": "...", "fields": [
        {"key": "nev", "type": "text", "label": "...", "help_text": "", "required": true,
         "locked": true, "options": {...}, "visible_when": {"field": "x", "equals": "y"},
         "identity": "birth_name",   # filled from the national agent's identity data
         "fields": [...]   # only for a repeating group
        }]}]
     "requires_identification": true}   # only a citizen identified through the KAÜ may submit

Keys are unique across the whole form (sub-fields of groups included), so an overlay or a
condition can name a field without a path. Money is always whole forints."""

import copy
import re

from django.utils.translation import gettext as _

from .constants import FeeKind
from .fieldtypes import field_types
from .validators import is_unstorable_text

KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,49}")
FIELD_KEYS = {
    "key",
    "type",
    "label",
    "help_text",
    "required",
    "locked",
    # A legal reference (text): the law prescribes the field's wording, requirement and
    # choices, so a municipality's overlay cannot override them (services.forms.legal).
    "statutory",
    "options",
    "visible_when",
    "identity",
    "fields",
}
META_KEYS = ("title", "intro", "office", "handling_group")
# ``fee_statutory``: the legal reference that sets the fee; an overlay's fee then yields.
DEFINITION_KEYS = {*META_KEYS, "fee", "fee_statutory", "steps", "requires_identification"}
# The natural identity data the national agent vouches for (accounts.identity), which a form
# that requires an identified citizen takes from the login instead of the citizen's typing.
IDENTITY_DATA = (
    "full_name",
    "family_name",
    "given_name",
    "birth_name",
    "mothers_name",
    "place_of_birth",
    "date_of_birth",
)
MAX_FIELDS = 500
MAX_AMOUNT = 10**9


class DefinitionError(ValueError):
    """A definition that cannot be used; ``problems`` says where and why."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def empty_definition(title=""):
    return {
        "title": title,
        "intro": "",
        "office": "",
        "handling_group": "",
        "fee": {"kind": FeeKind.NONE.value},
        "steps": [],
    }


def iter_fields(definition, include_subfields=True):
    """(step, field, group) for every field in order; group is None outside groups."""
    for step in definition.get("steps", []):
        for spec in step.get("fields", []):
            yield step, spec, None
            if include_subfields and spec.get("type") == "group":
                for sub in spec.get("fields", []):
                    yield step, sub, spec


def field_map(definition):
    return {spec["key"]: spec for _step, spec, _group in iter_fields(definition)}


def requires_identification(definition):
    """Only a citizen identified through the national agent (KAÜ) may submit this form."""
    return definition.get("requires_identification") is True


def identity_fields(definition):
    """{field key: identity datum} of the fields filled from the identity data."""
    return {
        spec["key"]: spec["identity"]
        for _step, spec, group in iter_fields(definition)
        if group is None and spec.get("identity") in IDENTITY_DATA
    }


def find_field(definition, key):
    """(step, field list containing it, index) or None."""
    for step in definition.get("steps", []):
        for container in [step["fields"]] + [
            spec.get("fields", []) for spec in step["fields"] if spec.get("type") == "group"
        ]:
            for index, spec in enumerate(container):
                if spec.get("key") == key:
                    return step, container, index
    return None


def find_step(definition, key):
    for step in definition.get("steps", []):
        if step.get("key") == key:
            return step
    return None


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _check_condition(condition, where, keys, problems):
    if not isinstance(condition, dict) or not isinstance(condition.get("field"), str):
        problems.append(
            _("%(where)s: a condition names the field it depends on.") % {"where": where}
        )
        return
    if condition["field"] not in keys:
        problems.append(
            _("%(where)s: the condition refers to a field that does not exist: %(key)s.")
            % {"where": where, "key": condition["field"]}
        )
    tests = set(condition) - {"field"}
    if len(tests) != 1 or not (
        ("equals" in tests and isinstance(condition["equals"], str))
        or (
            "in" in tests
            and isinstance(condition["in"], list)
            and all(isinstance(v, str) for v in condition["in"])
        )
        or ("filled" in tests and isinstance(condition["filled"], bool))
    ):
        problems.append(
            _("%(where)s: a condition has exactly one test: equals, in or filled.")
            % {"where": where}
        )


def _check_field(spec, where, keys, seen, problems, in_group=False):
    if not isinstance(spec, dict):
        problems.append(_("%(where)s: a field must be an object.") % {"where": where})
        return
    key = spec.get("key")
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        problems.append(
            _("%(where)s: the key must be lower-case letters, digits and _ (e.g. adozo_neve).")
            % {"where": where}
        )
        return
    where = f"{where} ({key})"
    if key in seen:
        problems.append(_("%(where)s: two fields have the same key.") % {"where": where})
    seen.add(key)
    unknown = set(spec) - FIELD_KEYS
    if unknown:
        problems.append(
            _("%(where)s: unknown properties: %(names)s.")
            % {"where": where, "names": ", ".join(sorted(unknown))}
        )
    field_type = field_types.get(spec.get("type")) if isinstance(spec.get("type"), str) else None
    if field_type is None:
        problems.append(_("%(where)s: unknown field type.") % {"where": where})
        return
    label = spec.get("label")
    if not isinstance(label, str) or not label.strip() or len(label) > 2000:
        problems.append(_("%(where)s: every field needs a label.") % {"where": where})
    if not isinstance(spec.get("help_text", ""), str):
        problems.append(_("%(where)s: the help text must be text.") % {"where": where})
    if not isinstance(spec.get("statutory", ""), str) or len(spec.get("statutory", "")) > 255:
        problems.append(
            _("%(where)s: the legal reference is text of at most 255 characters.")
            % {"where": where}
        )
    for flag in ("required", "locked"):
        if not isinstance(spec.get(flag, False), bool):
            problems.append(
                _("%(where)s: %(flag)s is true or false.") % {"where": where, "flag": flag}
            )
    options = spec.get("options", {})
    if not isinstance(options, dict):
        problems.append(_("%(where)s: options must be an object.") % {"where": where})
    else:
        problems.extend(f"{where}: {problem}" for problem in field_type().validate_options(options))
    if "identity" in spec:
        datum = spec["identity"]
        expected_type = "date" if datum == "date_of_birth" else "text"
        if datum not in IDENTITY_DATA or spec.get("type") != expected_type or in_group:
            problems.append(
                _(
                    "%(where)s: an identity field is a text field (a date field for the date of "
                    "birth) outside groups, naming one of: %(names)s."
                )
                % {"where": where, "names": ", ".join(IDENTITY_DATA)}
            )
    if "visible_when" in spec:
        _check_condition(spec["visible_when"], where, keys, problems)
        if isinstance(spec["visible_when"], dict) and spec["visible_when"].get("field") == key:
            problems.append(_("%(where)s: a field cannot depend on itself.") % {"where": where})
    if field_type.is_group:
        if in_group:
            problems.append(_("%(where)s: groups cannot be nested.") % {"where": where})
        subfields = spec.get("fields")
        if not isinstance(subfields, list) or not subfields:
            problems.append(_("%(where)s: a repeating group needs sub-fields.") % {"where": where})
        else:
            for index, sub in enumerate(subfields, start=1):
                sub_where = f"{where} / {index}"
                if isinstance(sub, dict) and sub.get("type") in ("group", "file", "postal_address"):
                    problems.append(
                        _("%(where)s: a group cannot hold files, addresses or other groups.")
                        % {"where": sub_where}
                    )
                    continue
                _check_field(sub, sub_where, keys, seen, problems, in_group=True)
    elif "fields" in spec:
        problems.append(_("%(where)s: only a group has sub-fields.") % {"where": where})


def _check_fee(fee, fields, problems):
    if not isinstance(fee, dict) or fee.get("kind") not in FeeKind.values:
        problems.append(_("Fee: the kind is none, fixed or computed."))
        return
    kind = fee["kind"]
    allowed = {"none": {"kind"}, "fixed": {"kind", "amount"}, "computed": {"kind", "base", "terms"}}
    if set(fee) - allowed[kind]:
        problems.append(_("Fee: unknown properties."))
    if kind == "fixed" and not (_is_int(fee.get("amount")) and 0 <= fee["amount"] <= MAX_AMOUNT):
        problems.append(_("Fee: a fixed fee is a whole number of forints, 0 or more."))
    if kind != "computed":
        return
    if not (_is_int(fee.get("base", 0)) and 0 <= fee.get("base", 0) <= MAX_AMOUNT):
        problems.append(_("Fee: the base amount is a whole number of forints, 0 or more."))
    terms = fee.get("terms", [])
    if not isinstance(terms, list):
        problems.append(_("Fee: the terms must be a list."))
        return
    for index, term in enumerate(terms, start=1):
        ok = (
            isinstance(term, dict)
            and _is_int(term.get("amount"))
            and 0 <= term["amount"] <= MAX_AMOUNT
        )
        ok = ok and len(term) == 2
        if ok and "per_row_of" in term:
            ok = fields.get(term["per_row_of"], {}).get("type") == "group"
        elif ok and "per_unit_of" in term:
            ok = fields.get(term["per_unit_of"], {}).get("type") in ("integer", "money")
        elif ok and "when" in term:
            condition = term["when"]
            ok = (
                isinstance(condition, dict)
                and set(condition) == {"field", "equals"}
                and condition["field"] in fields
                and isinstance(condition["equals"], str)
            )
        else:
            ok = False
        if not ok:
            problems.append(
                _(
                    "Fee, term %(n)d: count rows of a group, units of a number field or a "
                    "condition, with a whole amount in forints."
                )
                % {"n": index}
            )


def _has_unstorable_text(value):
    if isinstance(value, str):
        return is_unstorable_text(value)
    if isinstance(value, dict):
        return any(_has_unstorable_text(k) or _has_unstorable_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_unstorable_text(v) for v in value)
    return False


def validate_definition(definition):
    """Every problem of a definition, in Hungarian, as a list (empty when usable)."""
    problems = []
    if not isinstance(definition, dict):
        return [_("The definition must be an object.")]
    if _has_unstorable_text(definition):
        return [
            _("The definition contains a character that cannot be stored (NUL or an invalid "
              "Unicode character); remove it.")
        ]
    unknown = set(definition) - DEFINITION_KEYS
    if unknown:
        problems.append(_("Unknown properties: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    for key in META_KEYS:
        if not isinstance(definition.get(key, ""), str):
            problems.append(_("%(name)s must be text.") % {"name": key})
    if not isinstance(definition.get("fee_statutory", ""), str):
        problems.append(_("The legal reference of the fee must be text."))
    if not isinstance(definition.get("requires_identification", False), bool):
        problems.append(_("requires_identification is true or false."))
    steps = definition.get("steps")
    if not isinstance(steps, list):
        return [*problems, _("The steps must be a list.")]
    # Conditions may refer to any field of the form, before or after them.
    keys = set()
    for step in steps:
        for spec in (
            step.get("fields", [])
            if isinstance(step, dict) and isinstance(step.get("fields"), list)
            else []
        ):
            if isinstance(spec, dict):
                keys.add(spec.get("key"))
                if isinstance(spec.get("fields"), list):
                    keys.update(s.get("key") for s in spec["fields"] if isinstance(s, dict))
    seen_steps, seen_fields = set(), set()
    count = 0
    for number, step in enumerate(steps, start=1):
        where = _("step %(n)d") % {"n": number}
        if not isinstance(step, dict) or set(step) - {"key", "title", "fields"}:
            problems.append(
                _("%(where)s: a step has a key, a title and fields.") % {"where": where}
            )
            continue
        if not isinstance(step.get("key"), str) or not KEY_RE.fullmatch(step["key"]):
            problems.append(
                _("%(where)s: the key must be lower-case letters, digits and _.") % {"where": where}
            )
        elif step["key"] in seen_steps:
            problems.append(_("%(where)s: two steps have the same key.") % {"where": where})
        seen_steps.add(step.get("key"))
        if not isinstance(step.get("title"), str) or not step["title"].strip():
            problems.append(_("%(where)s: every step needs a title.") % {"where": where})
        if not isinstance(step.get("fields"), list):
            problems.append(_("%(where)s: the fields must be a list.") % {"where": where})
            continue
        for index, spec in enumerate(step["fields"], start=1):
            count += 1
            _check_field(spec, f"{where}, {index}.", keys, seen_fields, problems)
    if count > MAX_FIELDS:
        problems.append(_("A form has at most %(max)d fields.") % {"max": MAX_FIELDS})
    if not problems:
        _check_fee(definition.get("fee", {"kind": "none"}), field_map(definition), problems)
    return problems


def check_definition(definition):
    problems = validate_definition(definition)
    if problems:
        raise DefinitionError(problems)
    return definition


def normalised(definition):
    """A deep copy with every optional property present, so equal forms compare equal."""
    result = copy.deepcopy(definition)
    for key in META_KEYS:
        result.setdefault(key, "")
    result.setdefault("fee", {"kind": FeeKind.NONE.value})
    return result
