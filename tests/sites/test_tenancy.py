"""The tenant-owned base: a query that does not say whose data it wants never runs."""

import pytest
from django.test import RequestFactory

from sites.constants import StaffRole
from sites.models import RoleGroup, StaffMembership
from sites.tenancy import UnscopedQueryError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        lambda: list(RoleGroup.objects.all()),
        lambda: RoleGroup.objects.count(),
        lambda: RoleGroup.objects.exists(),
        lambda: RoleGroup.objects.first(),
        lambda: RoleGroup.objects.get(role=StaffRole.EDITOR),
        lambda: list(RoleGroup.objects.filter(role=StaffRole.EDITOR).values("pk")),
        lambda: list(RoleGroup.objects.iterator()),
        lambda: RoleGroup.objects.exclude(municipality=None).count(),
        lambda: RoleGroup.objects.update(role=StaffRole.EDITOR),
        lambda: RoleGroup.objects.all().delete(),
    ],
)
def test_unscoped_queries_raise(municipality_a, query):
    with pytest.raises(UnscopedQueryError):
        query()


def test_scoped_queries_return_only_that_municipality(municipality_a, municipality_b):
    groups_a = RoleGroup.objects.for_municipality(municipality_a)

    assert groups_a.count() == len(StaffRole)
    assert {group.municipality_id for group in groups_a} == {municipality_a.pk}
    assert RoleGroup.objects.filter(municipality_id=municipality_b.pk).count() == len(StaffRole)
    assert RoleGroup.objects.unscoped().count() == 2 * len(StaffRole)


def test_scope_survives_chaining(municipality_a, municipality_b):
    editors = (
        RoleGroup.objects.for_municipality(municipality_a).filter(role="editor").order_by("pk")
    )

    assert [group.municipality_id for group in editors] == [municipality_a.pk]


def test_for_request_uses_the_site_of_the_request(municipality_a, municipality_b):
    request = RequestFactory().get("/", HTTP_HOST="felsovar.localhost")
    assert {g.municipality_id for g in RoleGroup.objects.for_request(request)} == {
        municipality_b.pk
    }

    portal_request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert RoleGroup.objects.for_request(portal_request).count() == 0


def test_for_user_reaches_only_the_users_municipalities(
    municipality_a, municipality_b, editor_a, operator
):
    assert {g.municipality_id for g in RoleGroup.objects.for_user(editor_a)} == {municipality_a.pk}
    assert RoleGroup.objects.for_user(operator).count() == 2 * len(StaffRole)


def test_a_deactivated_member_reaches_nothing(municipality_a, editor_a):
    from sites.staff import deactivate

    deactivate(StaffMembership.objects.for_municipality(municipality_a).get(user=editor_a))

    assert RoleGroup.objects.for_user(editor_a).count() == 0


def test_reverse_relation_from_an_unscoped_owner_still_needs_a_scope(municipality_a, editor_a):
    # A user is not a tenant record: their memberships across municipalities need a scope.
    with pytest.raises(UnscopedQueryError):
        list(editor_a.staff_memberships.all())
    assert editor_a.staff_memberships.for_municipality(municipality_a).count() == 1


def test_an_empty_queryset_needs_no_scope(db):
    from django.contrib.auth.models import AnonymousUser

    from services.payments.models import Payment
    from services.payments.services import payments_of_payer

    assert list(Payment.objects.none()) == []
    assert list(payments_of_payer(AnonymousUser())) == []


def test_a_persons_own_records_across_municipalities(municipality_a, municipality_b):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.contenttypes.models import ContentType

    from services.payments.models import Payment
    from tests.factories.municipalities import UserFactory

    citizen, other = UserFactory(), UserFactory()
    for municipality, payer in ((municipality_a, citizen), (municipality_b, citizen),
                                (municipality_a, other)):
        Payment.objects.for_municipality(municipality).create(
            municipality=municipality, payer=payer, amount=1000, purpose="other",
            target_type=ContentType.objects.get_for_model(municipality),
            target_id=str(municipality.pk), description="Próba", provider="simulated",
            idempotency_key=f"{municipality.pk}-{payer.pk}",
        )

    own = Payment.objects.of_person(citizen, "payer")
    assert {p.municipality_id for p in own} == {municipality_a.pk, municipality_b.pk}
    assert all(p.payer_id == citizen.pk for p in own)
    assert list(Payment.objects.of_person(AnonymousUser(), "payer")) == []
