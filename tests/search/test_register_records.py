"""The trade register's entries in the search: only what the public serializer shows."""

import pytest
from django.db import transaction
from wagtail.search.models import IndexEntry

from search.layer import Scope, search
from search.models import SearchRecord
from search.records import refresh_records
from services.commerce.models import PublicRegisterPage
from tests.factories.commerce import company, register_shop, sole_trader

pytestmark = pytest.mark.django_db

PRIVATE_MARKER = "zqx"  # every private value of the factories' sole trader carries it


@pytest.fixture
def register_a(municipality_a):
    register_shop(municipality_a, trader=company())
    register_shop(
        municipality_a,
        trader=sole_trader(name="Kovács Ilona e.v."),
        street="Bajcsy-Zsilinszky utca 4.",
        name="Ilona Virág",
    )
    page = municipality_a.root_page.add_child(
        instance=PublicRegisterPage(title="Kereskedelmi nyilvántartás", slug="nyilvantartas")
    )
    page.save_revision().publish()
    refresh_records("register", municipality_a)
    return page


def test_no_private_field_of_a_sole_trader_reaches_the_index_or_the_results(register_a):
    records = SearchRecord.objects.filter(kind="register")
    assert records.count() == 2
    stored = " ".join(f"{r.title} {r.text} {r.folded} {r.url}" for r in records).casefold()
    assert "ilona" in stored
    assert PRIVATE_MARKER not in stored and "1971" not in stored
    entries = IndexEntry.objects.filter(object_id__in=[str(r.pk) for r in records])
    indexed = " ".join(f"{e.title_text} {e.body_text}" for e in entries).casefold()
    assert "ilona" in indexed and PRIVATE_MARKER not in indexed

    results = search("ilona", scope=Scope.for_municipality(register_a.municipality()))

    [group] = [g for g in results.groups if g.kind == "register"]
    shown = " ".join(f"{h.title} {h.snippet} {h.url}" for h in group.hits).casefold()
    assert "ilona" in shown and PRIVATE_MARKER not in shown
    assert group.hits[0].url.startswith("/nyilvantartas/bejegyzes/kereskedelem/")


def test_records_follow_the_register_and_stay_in_their_municipality(
    register_a, municipality_a, municipality_b
):
    assert search("ilona", scope=Scope.for_municipality(municipality_b)).total == 0

    with transaction.atomic():
        register_shop(municipality_a, trader=company(name="Zqpék Kft."), name="Zqpékség")
    # the register's own call (on commit) would do this; tests run inside one transaction
    refresh_records("register", municipality_a)

    assert SearchRecord.objects.filter(kind="register").count() == 3
    assert search("zqpekseg", scope=Scope.for_municipality(municipality_a)).total == 1


def test_no_records_without_a_public_page(municipality_a, register_a):
    register_a.unpublish()

    refresh_records("register", municipality_a)

    assert not SearchRecord.objects.exists()
