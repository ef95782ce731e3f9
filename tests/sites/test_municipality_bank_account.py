"""The municipality's tax bank account in the admin: typed in any digits or as an IBAN, stored
as GIRO; a mistyped one is a message on the field, never an exception."""

import pytest
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("HU96 94468441-94843213-27386541", "94468441-94843213-27386541"),
        ("１１７７３０１６ １１１１１０１８", "11773016-11111018"),
    ],
)
def test_an_account_is_stored_as_giro(municipality_a, typed, stored):
    municipality_a.tax_bank_account = typed
    municipality_a.full_clean()
    assert municipality_a.tax_bank_account == stored


@pytest.mark.parametrize("typed", ["11773016-1111101²", "11773016-11111018\x00", "HU00 1"])
def test_a_wrong_account_is_a_message_on_its_field(municipality_a, typed):
    municipality_a.tax_bank_account = typed
    with pytest.raises(ValidationError) as error:
        municipality_a.full_clean()
    assert set(error.value.message_dict) == {"tax_bank_account"}
