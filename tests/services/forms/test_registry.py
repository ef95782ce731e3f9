import pytest

from services.forms.fieldtypes import FieldType, field_types
from sites.registry import DuplicateRegistration, Registry

REQUIRED_TYPES = {
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
    "postal_address",
    "parcel_number",
    "choice",
    "multichoice",
    "checkbox",
    "file",
    "group",
    "declaration",
}


def test_every_field_type_of_the_issue_is_registered():
    assert REQUIRED_TYPES <= set(field_types.names())


def test_a_registry_refuses_duplicates():
    registry = Registry("form field types")

    @registry.register("tax_id")
    class First(FieldType):
        pass

    assert registry["tax_id"] is First and First.name == "tax_id"
    with pytest.raises(DuplicateRegistration):

        @registry.register("tax_id")
        class Second(FieldType):
            pass


def test_the_global_registry_refuses_a_second_tax_id():
    with pytest.raises(DuplicateRegistration):
        field_types.register("tax_id", FieldType)
