"""The retention schedule: provider defaults per municipality, and a municipality's own."""

import pytest
from django.urls import reverse

from services.documents.casetypes import case_types, load_schedule, sync_case_types
from services.documents.models import CaseType, RetentionScheduleItem

pytestmark = pytest.mark.django_db


def test_every_municipality_gets_the_provider_schedule(municipality_a, municipality_b):
    a = case_types(municipality_a)
    assert a.count() == RetentionScheduleItem.objects.filter(is_active=True).count() > 30
    assert a.get(code="D-402").procedure_rule == "tax"
    assert case_types(municipality_b).get(code="D-402").pk != a.get(code="D-402").pk
    # a re-load changes nothing, and a schedule change reaches the copies
    assert load_schedule() == (0, 0)
    RetentionScheduleItem.objects.filter(code="D-402").update(retention_years=12)
    assert sync_case_types(municipality_a) == 1
    assert a.get(code="D-402").retention_years == 12


def test_a_site_admin_adds_an_own_case_type_and_sets_a_deadline(
    client, site_admin_a, municipality_a, municipality_b
):
    client.force_login(site_admin_a)
    url = reverse("documents_admin:case_types", args=[municipality_a.pk])
    data = {
        "code": "H-900",
        "name": "Helyi címer használata",
        "retention_years": "5",
        "archival_value": "S",
        "procedure_rule": "full",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    own = CaseType.objects.for_municipality(municipality_a).get(code="H-900")
    assert own.is_local
    # the same code again, or a provider's code, is refused in Hungarian
    for code in ("H-900", "B-220"):
        response = client.post(url, {**data, "code": code})
        assert response.status_code == 400
    # a provider's type: only the deadline, handling group and active flag change
    provider = case_types(municipality_a).get(code="B-220")
    client.post(
        url,
        {
            "case_type": provider.pk,
            "deadline_days": "15",
            "handling_group": "Igazgatás",
            "name": "Átírt név",
            "is_active": "on",
        },
    )
    provider.refresh_from_db()
    assert provider.deadline_days == 15 and provider.handling_group == "Igazgatás"
    assert provider.name != "Átírt név"
    # B's schedule is out of reach
    other = reverse("documents_admin:case_types", args=[municipality_b.pk])
    assert client.get(other).status_code == 404
