"""The open datasets' JSON as OpenAPI schemas: one model per dataset, with exactly the
columns of the function that decides what is public (``extra="forbid"``: a key that is not
a column makes the test of tests/portal/opendata fail, so the document cannot drift from
the data)."""

from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class Row(Schema):
    model_config = ConfigDict(extra="forbid")


class TradeEntry(Row):
    # "register" is a method of pydantic's models (ABCMeta): the field is register_.
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    register_: Literal["kereskedelem", "telep"] = Field(alias="register")
    id: int
    register_number: str
    registered_on: str
    status: Literal["active", "closed"]
    since: str
    trader_name: str
    trader_kind: str
    seat: str
    registration_number: str
    statistical_number: str
    tax_number: str
    address: str
    parcel_number: str
    trading_forms: list[str]
    areas: list[str]
    routes: list[str]
    product_groups: list[str]
    shop_name: str
    floor_area: int | None
    opening_hours: str
    activity: str
    teaor_code: str
    regime: str
    opening_hours_exceptions: str


class MunicipalityRow(Row):
    ksh_code: str
    name: str
    slug: str
    county: str
    legal_status: str
    population: int | None
    postal_code: str
    address: str
    email: str
    phone: str
    website: str
    joined_on: str
    online_services: int


class MaximumRow(Row):
    year: int
    tax_type: str
    tax_type_name: str
    unit: str
    unit_name: str
    maximum: str
    indexed: bool
    basis: Literal["statutory", "published", "derived", "missing"]
    confirmed: bool
    unconfirmed: list[str]
    statutory_amount: str | None
    statutory_citation: str
    citation: str
    source: str


class TaxDecreeRow(Row):
    decree_id: int
    citation: str
    title: str
    tax_year: int
    adopted_on: str
    amends: str
    line: Literal["rate", "rule"]
    tax_type: str
    tax_type_name: str
    category: str
    category_name: str
    zone: str
    area_from: str | None
    area_to: str | None
    unit: str
    rate: str | None
    rule_kind: str
    parameters: dict
    description: str


class ServiceRow(Row):
    code: str
    title: str
    field: str
    url: str
    description: str


class DecreeRow(Row):
    id: int
    number: int
    citation: str
    title: str
    promulgated_on: str | None
    in_force_from: str | None
    in_force_until: str | None
    in_force: bool
    amends: list[str]
    url: str
    last_published_at: str | None


class EventRow(Row):
    id: int
    title: str
    start: str | None
    end: str | None
    all_day: bool
    location: str
    summary: str
    url: str
    last_published_at: str | None


ROW_SCHEMAS = {
    "onkormanyzatok": MunicipalityRow,
    "adomaximumok": MaximumRow,
    "kereskedelem": TradeEntry,
    "telepek": TradeEntry,
    "adorendeletek": TaxDecreeRow,
    "ugyintezes": ServiceRow,
    "rendeletek": DecreeRow,
    "esemenyek": EventRow,
}


def document_schema(slug, row_schema):
    """The JSON of a dataset: its schema name, its columns and its entries."""
    name = "".join(part.capitalize() for part in slug.split("-")) + "Dataset"
    return type(
        name,
        (Row,),
        {
            # "schema" is a method of pydantic's models: the field is schema_, named
            # "schema" in the JSON.
            "__annotations__": {
                "schema_": str,
                "columns": list[str],
                "entries": list[row_schema],
            },
            "schema_": Field(alias="schema"),
            "model_config": ConfigDict(extra="forbid", populate_by_name=True),
        },
    )


class DatasetLink(Schema):
    slug: str
    title: str
    description: str
    per_municipality: bool
    json_url: str
    csv_url: str


class Catalogue(Schema):
    datasets: list[DatasetLink]


class Problem(Schema):
    """RFC 7807 problem details."""

    type: str
    title: str
    status: int
    detail: str
