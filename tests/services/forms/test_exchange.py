"""JSON export and import: the schema, exact round trips, and the library loader."""

import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.forms import exchange, services
from services.forms.definition import validate_definition
from services.forms.models import FormTemplate, TemplateVersion

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trips_exactly(building_tax):
    document = exchange.export_template(building_tax)
    assert exchange.schema_problems(document) == []
    text = exchange.dumps(document)
    # import into an empty library
    TemplateVersion.objects.filter(template=building_tax)._raw_delete(TemplateVersion.objects.db)
    FormTemplate.objects.filter(pk=building_tax.pk).delete()
    template, added = exchange.import_template(exchange.parse(text))
    assert added == 1
    assert exchange.dumps(exchange.export_template(template)) == text


def test_reimport_is_idempotent_and_a_changed_version_is_refused(building_tax):
    document = exchange.export_template(building_tax)
    assert exchange.import_template(document)[1] == 0
    document["versions"][0]["definition"]["intro"] = "Más"
    with pytest.raises(services.FormsError):
        exchange.import_template(document)


def test_schema_rejects_a_bad_document_with_a_hungarian_message(settings):
    from django.utils import translation

    with translation.override("hu"), pytest.raises(services.FormsError) as error:
        exchange.import_template(
            {"schema_version": 1, "kind": "template", "template": {"code": "rossz"}}
        )
    assert "sémának" in " ".join(error.value.problems)
    with pytest.raises(services.FormsError):
        exchange.parse(b"{nem json")


def test_overlay_round_trip_between_municipalities(municipality_a, municipality_b, building_tax):
    customisation = services.adopt(municipality_a, building_tax)
    overlay = {
        "meta": {"office": "Adócsoport"},
        "hidden": ["adozo_email"],
        "added_fields": [
            {
                "step": "ingatlanok",
                "after": None,
                "field": {"key": "h_megjegyzes", "type": "text", "label": "Megjegyzés"},
            }
        ],
    }
    services.save_customisation(customisation, overlay=overlay)
    document = exchange.export_overlay(customisation)
    assert exchange.schema_problems(document) == []
    copy_b = exchange.import_overlay(municipality_b, json.loads(exchange.dumps(document)))
    assert copy_b.municipality == municipality_b
    assert exchange.export_overlay(copy_b) == document


def test_loader_command_is_idempotent(db, capsys):
    call_command("load_form_templates")
    assert FormTemplate.objects.count() >= 15
    count = TemplateVersion.objects.count()
    call_command("load_form_templates")
    assert TemplateVersion.objects.count() == count
    codes = set(FormTemplate.objects.values_list("code", flat=True))
    assert {
        "ADO-001",
        "ADO-002",
        "ADO-003",
        "ADO-004",
        "ADO-005",
        "ADO-006",
        "ADO-007",
        "IPAR-001",
        "IPAR-002",
        "KOZT-001",
        "KOZT-002",
        "KORNY-001",
        "SZOC-001",
        "ANYK-001",
        "PANASZ-001",
    } <= codes


# -- property: random valid definitions round-trip through export/import

keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
labels = st.text(st.characters(exclude_characters="\x00"), min_size=1, max_size=20).filter(
    str.strip
)
simple_types = st.sampled_from(
    [
        "text",
        "textarea",
        "integer",
        "money",
        "date",
        "email",
        "phone",
        "tax_id",
        "tax_number",
        "company_registration_number",
        "bank_account",
        "iban",
        "parcel_number",
        "checkbox",
        "declaration",
        "postal_address",
    ]
)


@st.composite
def definitions(draw):
    used = set()
    steps = []
    for step_index in range(draw(st.integers(1, 3))):
        fields = []
        for _ in range(draw(st.integers(0, 4))):
            key = draw(keys.filter(lambda k: k not in used))
            used.add(key)
            kind = draw(st.sampled_from(["simple", "choice", "group"]))
            spec = {
                "key": key,
                "label": draw(labels),
                "required": draw(st.booleans()),
                "locked": draw(st.booleans()),
            }
            if kind == "simple":
                spec["type"] = draw(simple_types)
            elif kind == "choice":
                spec["type"] = draw(st.sampled_from(["choice", "multichoice"]))
                values = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
                spec["options"] = {"choices": [{"value": v, "label": v.upper()} for v in values]}
            else:
                sub = draw(keys.filter(lambda k: k not in used))
                used.add(sub)
                spec.update(
                    type="group",
                    options={"min_rows": 0, "max_rows": 5},
                    fields=[{"key": sub, "type": "text", "label": "Sor"}],
                )
            if fields and draw(st.booleans()):
                spec["visible_when"] = {"field": fields[0]["key"], "filled": True}
            fields.append(spec)
        steps.append({"key": f"lepes{step_index}", "title": draw(labels), "fields": fields})
    fee = draw(st.sampled_from([{"kind": "none"}, {"kind": "fixed", "amount": 3000}]))
    return {
        "title": draw(labels),
        "intro": draw(st.text(max_size=30)),
        "office": "",
        "handling_group": "",
        "fee": fee,
        "steps": steps,
    }


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(definition=definitions())
def test_random_valid_definitions_round_trip(definition, db):
    if validate_definition(definition):  # e.g. a NUL character: refused, never stored
        return
    document = {
        "schema_version": 1,
        "kind": "template",
        "template": {"code": "TEST-001", "title": "Próba", "category": "helyi", "description": ""},
        "versions": [
            {
                "number": 1,
                "definition": definition,
                "change_note": "Első",
                "legal_reference": "",
                "live_by": None,
                "drafts_cutoff": None,
                "effective_from": None,
                "deadline_policy": "switch",
                "published_at": "2026-01-01T00:00:00+00:00",
            }
        ],
    }
    assert exchange.schema_problems(document) == []
    FormTemplate.objects.filter(code="TEST-001").update(current_version=None)
    TemplateVersion.objects.filter(template__code="TEST-001")._raw_delete(
        TemplateVersion.objects.db
    )
    FormTemplate.objects.filter(code="TEST-001").delete()
    template, _ = exchange.import_template(json.loads(json.dumps(document)))
    exported = exchange.export_template(template)
    exported.pop("$schema")
    assert exported["versions"][0]["definition"] == definition
    assert json.loads(exchange.dumps(exported)) == json.loads(
        exchange.dumps(
            {
                **document,
                "versions": [
                    {
                        **document["versions"][0],
                        "published_at": exported["versions"][0]["published_at"],
                    }
                ],
            }
        )
    )
