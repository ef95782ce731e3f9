"""Import and export of templates and overlays as JSON (schema: schema/form-exchange.v1).

Exporting and importing again gives back exactly the same document. Imports are checked
twice: against the published JSON Schema (shape), then by the definition rules (meaning),
and every problem is reported in Hungarian; nothing is stored unless all of it is valid.
The template library in data/form_templates/ is in this same format."""

import copy
import datetime
import json
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .constants import EXPORT_SCHEMA_VERSION, DeadlinePolicy, FormKind
from .definition import validate_definition
from .models import FormCustomisation, FormTemplate, TemplateVersion
from .overlay import apply_overlay, normalise_overlay
from .services import FormsError

SCHEMA_PATH = (
    Path(__file__).parent / "schema" / f"form-exchange.v{EXPORT_SCHEMA_VERSION}.schema.json"
)
SCHEMA_ID = "https://varoshaza.hu/schemas/form-exchange.v1.schema.json"


@cache
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_problems(document):
    """Where the document breaks the JSON Schema, one line each."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or _("document")
        problems.append(
            _("%(where)s: does not match the schema (%(rule)s).")
            % {"where": where, "rule": error.validator}
        )
        if len(problems) >= 20:
            break
    return problems


def parse(text):
    """JSON text (or bytes) to a document, or FormsError in Hungarian."""
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise FormsError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None
    if not isinstance(document, dict):
        raise FormsError(_("The file must hold one JSON object."))
    return document


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _iso(value):
    return value.isoformat() if value else None


# -- templates


def export_template(template):
    versions = template.versions.order_by("number")
    return {
        "$schema": SCHEMA_ID,
        "schema_version": EXPORT_SCHEMA_VERSION,
        "kind": "template",
        "template": {
            "code": template.code,
            "title": template.title,
            "category": template.category,
            "description": template.description,
        },
        "versions": [
            {
                "number": version.number,
                "definition": copy.deepcopy(version.definition),
                "change_note": version.change_note,
                "legal_reference": version.legal_reference,
                "live_by": _iso(version.live_by),
                "drafts_cutoff": _iso(version.drafts_cutoff),
                "effective_from": _iso(version.effective_from),
                "deadline_policy": version.deadline_policy,
                "published_at": version.published_at.isoformat(),
            }
            for version in versions
        ],
    }


def _check_template_document(document):
    problems = schema_problems(document)
    if problems:
        raise FormsError(problems)
    if document["kind"] != "template":
        raise FormsError(_("This file holds a customisation, not a template."))
    numbers = [v["number"] for v in document["versions"]]
    if numbers != sorted(set(numbers)):
        problems.append(_("The versions must be numbered in increasing order, each once."))
    for version in document["versions"]:
        for problem in validate_definition(version["definition"]):
            problems.append(
                _("version %(n)d: %(problem)s") % {"n": version["number"], "problem": problem}
            )
    if problems:
        raise FormsError(problems)


@transaction.atomic
def import_template(document):
    """Create or extend a template from an exported document. Idempotent: versions already
    present must be identical (published versions never change); new ones are added.

    Returns (template, number of versions added)."""
    from .overlay import diff_definitions
    from .services import reapply

    _check_template_document(document)
    info = document["template"]
    template, _created = FormTemplate.objects.get_or_create(
        code=info["code"],
        defaults={
            "title": info["title"],
            "category": info["category"],
            "description": info.get("description", ""),
        },
    )
    existing = {v.number: v for v in template.versions.all()}
    added = 0
    previous = None
    for item in document["versions"]:
        version = existing.get(item["number"])
        if version is not None:
            if version.definition != item["definition"]:
                raise FormsError(
                    _(
                        "Version %(n)d of %(code)s is already published with other content; "
                        "publish the change as a new version."
                    )
                    % {"n": item["number"], "code": template.code}
                )
            previous = version
            continue
        published_at = parse_datetime(item.get("published_at") or "")
        version = TemplateVersion.objects.create(
            template=template,
            number=item["number"],
            definition=item["definition"],
            change_note=item["change_note"],
            legal_reference=item.get("legal_reference", ""),
            changes=diff_definitions(previous.definition if previous else None, item["definition"]),
            live_by=datetime.date.fromisoformat(item["live_by"]) if item.get("live_by") else None,
            drafts_cutoff=parse_datetime(item["drafts_cutoff"])
            if item.get("drafts_cutoff")
            else None,
            effective_from=parse_datetime(item.get("effective_from") or ""),
            deadline_policy=item.get("deadline_policy") or DeadlinePolicy.SWITCH,
            **({"published_at": published_at} if published_at else {}),
        )
        added += 1
        previous = version
    # A staged version (not yet in force) is not served: the switch at its date makes it
    # current (services.updates), so re-importing the library never switches early.
    latest = next((v for v in template.versions.order_by("-number") if v.in_force()), None)
    moved = latest is not None and template.current_version_id != latest.pk
    template.title = info["title"]
    template.category = info["category"]
    template.description = info.get("description", "")
    template.current_version = latest
    template.draft_definition = copy.deepcopy(latest.definition)
    template.save()
    if moved and added and existing:
        # An imported legal update reaches the municipalities like a published one.
        for customisation in FormCustomisation.objects.unscoped().filter(
            template=template, kind=FormKind.OVERLAY
        ):
            reapply(customisation, latest)
    return template, added


# -- overlays


def export_overlay(customisation):
    if customisation.kind != FormKind.OVERLAY:
        raise FormsError(_("A local form has no overlay; export its definition instead."))
    return {
        "$schema": SCHEMA_ID,
        "schema_version": EXPORT_SCHEMA_VERSION,
        "kind": "overlay",
        "template_code": customisation.template.code,
        "base_version": customisation.base_version.number,
        "overlay": normalise_overlay(customisation.overlay),
    }


@transaction.atomic
def import_overlay(municipality, document, user=None):
    """Lay an exported overlay on this municipality's form of the same template (adopting
    the template if needed). The overlay is checked against its version; nothing is
    published by an import."""
    from .services import adopt, save_customisation

    problems = schema_problems(document)
    if problems:
        raise FormsError(problems)
    if document["kind"] != "overlay":
        raise FormsError(_("This file holds a template, not a customisation."))
    template = FormTemplate.objects.filter(code=document["template_code"]).first()
    if template is None:
        raise FormsError(
            _("There is no template with the code %(code)s.") % {"code": document["template_code"]}
        )
    version = template.versions.filter(number=document["base_version"]).first()
    if version is None:
        raise FormsError(_("The template has no version %(n)d.") % {"n": document["base_version"]})
    customisation = adopt(municipality, template, user)
    _resolved, conflicts = apply_overlay(version.definition, document["overlay"])
    if conflicts:
        from .services import describe_conflict

        raise FormsError([describe_conflict(c) for c in conflicts])
    customisation.base_version = version
    return save_customisation(customisation, overlay=document["overlay"], user=user)
