"""Every field type stores what sites.normalise makes of the typed answer, and refuses with
a message what it cannot read."""

import pytest
from django.utils import translation

from services.forms.fieldtypes import CleaningContext
from services.forms.validation import SubmissionInvalid, clean_submission

from .conftest import own_field, simple_definition


class Offline(CleaningContext):
    def postal_settlements(self):
        return {"6720": {"Szeged"}}


def clean(type, typed, **options):
    definition = simple_definition(own_field(key="valasz", type=type, options=options))
    return clean_submission(definition, {"valasz": typed}, context=Offline()).data["valasz"]


def refusal(type, typed, **options):
    definition = simple_definition(own_field(key="valasz", type=type, options=options))
    with translation.override("hu"), pytest.raises(SubmissionInvalid) as invalid:
        clean_submission(definition, {"valasz": typed}, context=Offline())
    return " ".join(invalid.value.errors["valasz"])


@pytest.mark.parametrize(
    ("type", "typed", "stored"),
    [
        ("integer", "１２", 12),
        ("integer", "٣", 3),
        ("integer", "1 000", 1000),
        ("integer", "3000,00", 3000),
        ("money", "12\u00a0500 Ft", 12500),
        ("money", "12\u202f500", 12500),
        ("money", "3000.00 Ft", 3000),  # not 300000
        ("money", "10.000 Ft", 10000),
        ("money", "1.500.000", 1500000),
        ("date", "２０２６-03-16", "2026-03-16"),
        ("date", "2026. 03. 16.", "2026-03-16"),
        ("email", "kiss＠example.hu", "kiss@example.hu"),
        ("tax_id", "８３６５６７０００３", "8365670003"),
        ("phone", "06\u201130\u2011123\u20114567", "+36301234567"),
        ("bank_account", "١١٧٧٣٠١٦-١١١١١٠١٨", "11773016-11111018"),
        ("iban", "HU96 94468441-94843213-27386541", "HU96 9446 8441 9484 3213 2738 6541"),
        ("text", "Sza\u0301z m²", "Száz m²"),  # NFC only: free text keeps the superscript
    ],
)
def test_typed_answers_are_stored_normalised(type, typed, stored):
    assert clean(type, typed) == stored


def test_an_address_takes_any_digits_in_its_postal_code_and_house_number():
    stored = clean(
        "postal_address",
        {
            "postal_code": "６７２０",
            "settlement": "Szeged",
            "street": "Fő utca",
            "house_number": "1²",
        },
    )
    assert stored == {
        "postal_code": "6720",
        "settlement": "Szeged",
        "street": "Fő utca",
        "house_number": "12",
    }


@pytest.mark.parametrize(
    ("type", "typed", "words"),
    [
        ("integer", "1.5", "egész"),  # never 15
        ("integer", "1,5", "egész"),
        ("integer", "10.000", "ezres"),  # ten or ten thousand: asked, not guessed
        ("money", "3000.50 Ft", "fillér"),
        ("money", "12,5", "fillér"),
        ("integer", "12 34", "gész számot"),
        ("text", "Kiss\x00Anna", "nem tárolható"),
        ("tax_id", "8365670003\x00", "nem tárolható"),
        ("money", "1\x00000", "nem tárolható"),
    ],
)
def test_what_cannot_be_read_is_refused_in_hungarian(type, typed, words):
    assert words in refusal(type, typed)


def test_posted_rows_are_read_by_ascii_indexes_only():
    from django.http import QueryDict

    from services.forms.validation import data_from_post

    group = own_field(
        key="sorok",
        type="group",
        fields=[own_field(key="nev"), own_field(key="db", type="integer")],
    )
    post = QueryDict(mutable=True)
    post.update({"sorok__1__nev": "Kettő", "sorok__0__nev": "Egy", "sorok__0__db": "２"})
    for index in ("²", "٣", "１", "-1", "1000"):
        post[f"sorok__{index}__nev"] = "nem sor"

    data = data_from_post(simple_definition(group), post)

    assert data["sorok"] == [{"nev": "Egy", "db": "２"}, {"nev": "Kettő"}]


def test_a_date_is_stored_as_iso_and_shown_the_hungarian_way():
    from services.forms.render import answers_context

    definition = simple_definition(own_field(key="valasz", type="date"))
    stored = clean("date", "2026. 12. 11.")
    assert stored == "2026-12-11"
    with translation.override("hu"):
        (step,) = answers_context(definition, {"valasz": stored})
    assert step["items"][0]["value"] == "2026. december 11."
