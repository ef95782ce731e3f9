"""The provider operators' screen for the municipalities' Stripe accounts."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.urls import reverse

from services.payments.models import AppendOnlyError, MerchantAccount, MerchantAccountChange
from sites.constants import StaffRole

pytestmark = pytest.mark.django_db

LIST = reverse("payments_admin:merchants")


def edit_url(municipality):
    return reverse("payments_admin:merchant_edit", args=[municipality.pk])


def changes_of(municipality):
    return MerchantAccountChange.objects.for_municipality(municipality)


def account_of(municipality):
    record = MerchantAccount.objects.for_municipality(municipality).first()
    return record.stripe_account_id if record else None


def test_operator_lists_municipalities_with_their_accounts_and_searches_by_name(
    client, operator, municipality_a, municipality_b, connected_a
):
    client.force_login(operator)

    listing = client.get(LIST)
    search = client.get(LIST, {"q": "felső"})
    dashboard = client.get(reverse("wagtailadmin_home"))

    assert LIST in dashboard.content.decode()
    rows = {m.name: account for m, account in listing.context["rows"]}
    assert rows["Alsóvár"] == "acct_alsovar0001"
    assert rows["Felsővár"] == ""
    assert [m.name for m, _account in search.context["rows"]] == ["Felsővár"]


def test_operator_connects_a_municipality_and_the_change_is_logged(
    client, operator, municipality_a
):
    client.force_login(operator)

    response = client.post(edit_url(municipality_a), {"stripe_account_id": " acct_1Alsovar42 "})

    assert response.status_code == 302
    assert account_of(municipality_a) == "acct_1Alsovar42"
    change = changes_of(municipality_a).get()
    assert (change.actor, change.old_account, change.new_account) == (
        operator,
        "",
        "acct_1Alsovar42",
    )
    assert change.created_at is not None
    with pytest.raises(AppendOnlyError):
        change.save()


def test_changing_and_clearing_keeps_the_whole_history_on_the_edit_screen(
    client, operator, municipality_a, municipality_b, connected_a
):
    client.force_login(operator)

    client.post(edit_url(municipality_a), {"stripe_account_id": "acct_1Alsovar43"})
    client.post(edit_url(municipality_a), {"stripe_account_id": ""})
    page = client.get(edit_url(municipality_a))
    other = client.get(edit_url(municipality_b))

    assert account_of(municipality_a) == ""
    changes = [(e.old_account, e.new_account) for e in page.context["history"]]
    assert changes == [("acct_1Alsovar43", ""), ("acct_alsovar0001", "acct_1Alsovar43")]
    assert "acct_alsovar0001 → acct_1Alsovar43" in page.content.decode()
    assert list(other.context["history"]) == []


def test_saving_the_same_account_again_records_nothing(
    client, operator, municipality_a, connected_a
):
    client.force_login(operator)

    client.post(edit_url(municipality_a), {"stripe_account_id": "acct_alsovar0001"})

    assert not changes_of(municipality_a).exists()


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("sk_live_oops", "nem Stripe-fiókazonosító"),
        ("acct_", "nem Stripe-fiókazonosító"),
        ("acct_12345 6789", "nem Stripe-fiókazonosító"),
        ("acct_ékezetes1", "nem Stripe-fiókazonosító"),
        # the field's length limit refuses it before the account check sees it
        ("x" * 300, "legfeljebb 64 karaktert tartalmaz"),
    ],
)
def test_a_malformed_account_id_is_refused_in_hungarian(
    client, operator, municipality_a, connected_a, typed, refusal
):
    client.force_login(operator)

    response = client.post(edit_url(municipality_a), {"stripe_account_id": typed})

    assert response.status_code == 400
    assert response.context["form"].errors["stripe_account_id"]
    text = response.content.decode()
    assert refusal in text
    assert account_of(municipality_a) == "acct_alsovar0001"
    assert not changes_of(municipality_a).exists()


def test_an_account_of_another_municipality_is_refused_naming_it(
    client, operator, municipality_a, municipality_b, connected_a
):
    client.force_login(operator)

    response = client.post(edit_url(municipality_b), {"stripe_account_id": "acct_alsovar0001"})

    assert response.status_code == 400
    assert "már Alsóvár" in response.content.decode()
    assert account_of(municipality_b) is None


def test_the_database_refuses_one_account_for_two_municipalities(municipality_b, connected_a):
    with pytest.raises(IntegrityError):
        MerchantAccount.objects.for_municipality(municipality_b).create(
            municipality=municipality_b, stripe_account_id="acct_alsovar0001"
        )


def test_the_command_is_logged_too_and_refuses_a_taken_account(
    municipality_a, municipality_b, connected_a
):
    call_command("set_stripe_account", municipality_a.slug, "acct_1Alsovar43")
    with pytest.raises(CommandError):
        call_command("set_stripe_account", municipality_b.slug, "acct_1Alsovar43")

    change = changes_of(municipality_a).get()
    assert (change.actor, change.new_account) == (None, "acct_1Alsovar43")
    assert account_of(municipality_b) is None


def test_unknown_municipality_is_a_404(client, operator):
    client.force_login(operator)

    assert client.get(reverse("payments_admin:merchant_edit", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", [StaffRole.OFFICER, StaffRole.SITE_ADMIN])
def test_municipal_staff_can_neither_see_nor_reach_the_screen(
    client, operator, make_staff, municipality_a, connected_a, role
):
    client.force_login(operator)
    client.post(edit_url(municipality_a), {"stripe_account_id": "acct_1Alsovar43"})
    client.force_login(make_staff(municipality_a, role))

    listing = client.get(LIST)
    edit = client.get(edit_url(municipality_a))
    change = client.post(edit_url(municipality_a), {"stripe_account_id": "acct_1Stolen0042"})
    dashboard = client.get(reverse("wagtailadmin_home"))

    # Wagtail answers PermissionDenied with its no-permission redirect to the dashboard.
    for response in (listing, edit, change):
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert account_of(municipality_a) == "acct_1Alsovar43"
    assert LIST not in dashboard.content.decode()
