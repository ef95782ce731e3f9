"""The export for the national federated register (issue #17, item 6): the JSON download
validates against the versioned, documented schema (docs/schemas/), which names every
column the serializer writes and no private field."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from services.commerce import services as commerce
from services.commerce.services import public
from sites.actor import Actor
from tests.factories.commerce import DAY, company, register_shop, sole_trader

pytestmark = pytest.mark.django_db
SCHEMA = Path(settings.BASE_DIR) / "docs" / "schemas" / "commerce-register-1.schema.json"
PRIVATE_FIELDS = {"home_address", "birth_name", "birth_place", "birth_date", "mother_name"}


def schema():
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_the_schema_names_the_serializers_columns_in_order_and_no_private_field():
    document = schema()
    assert document["properties"]["schema"]["const"] == "varoshaza.commerce.register/1"
    assert tuple(document["properties"]["columns"]["const"]) == public.COLUMNS
    entry = document["properties"]["entries"]["items"]
    assert tuple(entry["properties"]) == public.COLUMNS
    assert entry["additionalProperties"] is False
    assert not PRIVATE_FIELDS & set(entry["properties"])
    jsonschema.Draft202012Validator.check_schema(document)


def test_both_registers_export_valid_documents_without_private_data(municipality_a):
    register_shop(municipality_a, trader=company())
    trade = register_shop(municipality_a, trader=sole_trader(), street="Jókai utca 2.")
    commerce.register_site(
        municipality_a,
        actor=Actor.system(municipality=municipality_a),
        operator=trade.trader,
        received_on=DAY,
        activity="1/5",
        name="Pékség üzem",
        postal_code="3300",
        settlement="Eger",
        street="Kistályai út 12.",
    )
    for register in public.REGISTERS:
        entries = public.register_entries(municipality_a, public.RegisterFilter(register=register))
        document = json.loads(json.dumps(public.as_json(entries), cls=DjangoJSONEncoder))

        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)

        assert document["entries"], register
        text = json.dumps(document, ensure_ascii=False).casefold()
        # every private value of the sole trader carries the marker "zqx"; the name
        # (public) does too, so look for the private values themselves
        for private in ("zqxotthon", "zqxszületett", "zqxszülőfalva", "zqxanyja", "1971-04-05"):
            assert private not in text, (register, private)


def test_a_private_key_would_fail_the_schema(municipality_a):
    register_shop(municipality_a, trader=sole_trader())
    document = json.loads(
        json.dumps(public.as_json(public.register_entries(municipality_a)), cls=DjangoJSONEncoder)
    )
    document["entries"][0]["mother_name"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())
