import pytest
from django.utils import translation

from services.forms.definition import validate_definition
from tests.services.forms.conftest import simple_definition


def problems(definition):
    with translation.override("hu"):
        return validate_definition(definition)


def test_a_good_definition_has_no_problems():
    assert problems(simple_definition({"key": "nev", "type": "text", "label": "Név"})) == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"key": "Nev", "type": "text", "label": "Név"}, "kulcs"),
        ({"key": "nev", "type": "laser", "label": "Név"}, "mezőtípus"),
        ({"key": "nev", "type": "text", "label": ""}, "felirat"),
        (
            {"key": "nev", "type": "choice", "label": "Válassz", "options": {"choices": []}},
            "választási",
        ),
        (
            {
                "key": "nev",
                "type": "text",
                "label": "N",
                "visible_when": {"field": "nincs", "equals": "x"},
            },
            "nem létező",
        ),
        (
            {"key": "nev", "type": "file", "label": "F", "options": {"max_size_mb": 500}},
            "mérethatár",
        ),
        ({"key": "sor", "type": "group", "label": "Sorok", "fields": []}, "almezők"),
    ],
)
def test_problems_are_reported_in_hungarian(spec, expected):
    found = " ".join(problems(simple_definition(spec)))
    assert expected in found


def test_duplicate_keys_and_bad_fees():
    definition = simple_definition(
        {"key": "nev", "type": "text", "label": "A"},
        {"key": "nev", "type": "text", "label": "B"},
        fee={"kind": "computed", "base": 0, "terms": [{"per_row_of": "nincs", "amount": 100}]},
    )
    assert any("azonos a kulcsa" in p for p in problems(definition))
    definition = simple_definition(
        {"key": "nev", "type": "text", "label": "A"},
        fee={"kind": "computed", "base": 0, "terms": [{"per_row_of": "nev", "amount": 100}]},
    )
    assert any("Díj" in p for p in problems(definition))
    assert problems(simple_definition(fee={"kind": "fixed", "amount": -5}))


def test_shipped_templates_are_valid():
    import json

    from django.conf import settings

    files = sorted((settings.BASE_DIR / "data" / "form_templates").glob("*.json"))
    assert len(files) >= 15
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        for version in document["versions"]:
            assert validate_definition(version["definition"]) == [], path.name
