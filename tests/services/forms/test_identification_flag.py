"""The identified-citizen flag of a definition: set in the designer for a full definition,
kept from the template through a municipality's overlay, reported as a change."""

from services.forms.designer import DefinitionEditor, OverlayEditor
from services.forms.forms import MetaForm
from services.forms.overlay import apply_overlay, diff_definitions

from .conftest import own_field, simple_definition


def test_the_designer_sets_and_clears_the_flag_on_a_full_definition():
    editor = DefinitionEditor(simple_definition(own_field(key="helyi_kerdes")))

    editor.set_meta({"title": "Próba", "requires_identification": True})
    assert editor.result()["requires_identification"] is True

    editor.set_meta({"title": "Próba", "requires_identification": False})
    assert "requires_identification" not in editor.result()


def test_an_overlay_cannot_drop_the_templates_requirement():
    base = simple_definition(own_field(key="helyi_kerdes")) | {"requires_identification": True}
    editor = OverlayEditor(base, {})

    editor.set_meta({"title": "Helyi cím", "requires_identification": False})
    resolved, conflicts = apply_overlay(base, editor.result())

    assert not conflicts
    assert resolved["requires_identification"] is True
    assert "requires_identification" not in MetaForm(can_require_identification=False).fields


def test_a_new_requirement_is_a_change_municipalities_are_told_about():
    old = simple_definition(own_field(key="helyi_kerdes"))
    new = old | {"requires_identification": True}

    assert {"kind": "meta", "key": "requires_identification", "label": ""} in diff_definitions(
        old, new
    )


def test_templates_with_the_flag_and_identity_fields_are_imported(db):
    import json

    from services.forms import exchange
    from services.forms.definition import identity_fields, requires_identification

    from .conftest import LIBRARY

    document = json.loads((LIBRARY / "SZOC-001.json").read_text(encoding="utf-8"))
    document["template"]["code"] = "SZOC-901"
    definition = document["versions"][0]["definition"]
    definition["requires_identification"] = True
    first = definition["steps"][0]["fields"][0]
    first.update(type="text", identity="full_name")

    template, added = exchange.import_template(exchange.parse(json.dumps(document).encode()))

    served = template.current_version.definition
    assert added == 1
    assert requires_identification(served)
    assert identity_fields(served) == {first["key"]: "full_name"}
