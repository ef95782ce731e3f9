"""The demo register of Eger: dozens of traders with shops and opening hours, a closed
shop, two industrial sites, a licence, and the public page on Eger's website."""

import pytest

from services.commerce import services as commerce
from services.commerce.constants import Status
from services.commerce.demo import load_demo
from services.commerce.models import IndustrialSite, PublicRegisterPage, Trade

pytestmark = pytest.mark.django_db


def test_the_demo_register_is_full_public_and_loaded_once(client, given_municipality):
    eger = given_municipality(name="Eger", slug="eger", ksh_code="20491")

    made = load_demo(eger)

    assert made >= 30
    assert Trade.objects.for_municipality(eger).count() >= 30
    assert IndustrialSite.objects.for_municipality(eger).count() == 2
    entries = commerce.public.register_entries(eger)
    assert [entry["status"] for entry in entries].count(Status.CLOSED) == 1
    assert sum(1 for entry in entries if entry["opening_hours"]) >= 25
    page = PublicRegisterPage.objects.descendant_of(eger.root_page).get()
    response = client.get(page.url, HTTP_HOST="eger.localhost")
    assert response.status_code == 200
    assert "Dobó Csemege" in response.content.decode()
    # a re-run adds nothing
    assert load_demo(eger) is None
    assert PublicRegisterPage.objects.descendant_of(eger.root_page).count() == 1


def test_the_demo_desk_has_a_queue_linked_traders_and_statistics(given_municipality):
    from services.commerce.models import Notification

    eger = given_municipality(name="Eger", slug="eger", ksh_code="20491")
    load_demo(eger)

    waiting = list(commerce.desk.unchecked(eger))
    # a new shop, a new accommodation and a change of data wait for the trade officer
    assert len(waiting) == 3
    assert Notification.objects.for_municipality(eger).filter(checked_at__isnull=False).count() > 30
    kinds = {notification.kind for notification in waiting}
    assert kinds == {"trading", "accommodation", "change"}
    stats = commerce.desk.statistics(eger)
    assert stats.shops >= 25 and len(stats.by_group) >= 10
    assert sum(count for _month, count in stats.per_month) >= 5
    # some traders are already linked to the business tax, the new one is not
    linked = [
        any(t.linked for t in commerce.tax_links.targets(trade.trader)[0])
        for trade in Trade.objects.for_municipality(eger).order_by("pk")
    ]
    assert any(linked) and not linked[-1]
    # a re-run queues nothing more
    load_demo(eger)
    assert len(commerce.desk.unchecked(eger)) == 3
