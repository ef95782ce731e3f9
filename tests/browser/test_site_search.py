"""The site search's results page in Chromium: axe-core's WCAG 2.1 AA rules at 1280 and
390 px, no sideways scrolling on a phone, and a keyboard path from the box to a result."""

import datetime

import pytest

from sites.models import NewsIndexPage, NewsPage, StandardPage

from .conftest import serve_site_in_use
from .test_accessibility import FOCUSED, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def searchable(live_server, initial_data_restored, given_municipality):
    municipality = given_municipality(name="Próbavár", slug="probavar", ksh_code="69001")
    base = serve_site_in_use(municipality, live_server)
    root = municipality.root_page
    page = root.add_child(
        instance=StandardPage(title="Helyi adók", slug="helyi-adok", intro="A helyi adókról.")
    )
    page.save_revision().publish()
    news = NewsIndexPage.objects.descendant_of(root).first()
    for number in range(4):
        item = news.add_child(
            instance=NewsPage(
                title=f"Adófizetési határidő {number + 1}",
                slug=f"adofizetes-{number}",
                date=datetime.date(2026, 3, 1 + number),
                intro="Az adó befizetésének határideje közeleg.",
            )
        )
        item.save_revision().publish()
    return base


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("query", ["?q=ado", "?q=ado&tipus=news", "?q=adokrul"])
def test_results_page_passes_axe_and_fits_the_screen(searchable, page, axe_source, width, query):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(searchable + "/kereses/" + query, wait_until="load")

    assert axe_violations(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_keyboard_from_the_box_to_a_result(searchable, page):
    page.goto(searchable + "/kereses/", wait_until="load")
    page.focus("#search-q")
    page.keyboard.type("adó")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-hit")

    reached = []
    for _stop in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        reached.append(focused["href"] or "")
        if reached[-1].endswith("/helyi-adok/"):
            assert focused["outline"] != "none" or focused["shadow"] != "none", focused
            break
    assert any(href.endswith("/helyi-adok/") for href in reached), reached
    page.keyboard.press("Enter")
    page.wait_for_url("**/helyi-adok/")
