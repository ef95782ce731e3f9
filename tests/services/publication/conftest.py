import datetime

import pytest
from django.utils import timezone

from services.publication.models import PublicationEntry, PublicationListPage

HOST_A = "alsovar.localhost"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def list_page(municipality_a, today):
    """A's list with three items filled in: I.1 current, III.2 (quarterly) long overdue,
    I.8 not applying; everything else missing."""
    page = PublicationListPage(title="Közzétételi lista", slug="kozzeteteli-lista")
    page.entries.add(
        PublicationEntry(
            item_code="I.1",
            kind="text",
            text="Alsóvár Önkormányzata, Fő tér 1.",
            last_updated=today - datetime.timedelta(days=3),
        )
    )
    page.entries.add(
        PublicationEntry(
            item_code="III.2",
            kind="text",
            text="Létszám: 42 fő",
            last_updated=today - datetime.timedelta(days=200),
        )
    )
    page.entries.add(PublicationEntry(item_code="I.8", not_applicable=True))
    municipality_a.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page
