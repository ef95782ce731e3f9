import datetime

import pytest

from sites.actor import Actor, Channel
from tests.factories.appointments import at, matter, office

# A plain Tuesday; the day before is a Monday. 2026's calendar is published data.
DAY = datetime.date(2026, 12, 15)
NOW = at(datetime.date(2026, 12, 14), 9)


@pytest.fixture
def office_a(municipality_a):
    return office(municipality_a)


@pytest.fixture
def service_a(office_a):
    return matter(office_a)


@pytest.fixture
def actor_a(municipality_a):
    return Actor(municipality=municipality_a, channel=Channel.SITE_FORM, ip_address="192.0.2.1")


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """The e-mails go after the booking's commit; these tests run inside one transaction
    that never commits, so the callbacks run where they are registered instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
