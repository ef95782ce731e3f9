"""The public parts of issue #19 in real Chromium at 1280 and 390 px: the publication list
page and the "Was this page useful?" form (with its refusal and thanks pages), axe-core's
WCAG 2.1 AA rules with no violation, nothing sideways at 390 px, and the vote made
without JavaScript."""

import pytest

from services.feedback.models import PageVote
from services.publication.demo import load_demo as load_publication_demo

from .conftest import serve_site_in_use
from .test_accessibility import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 390]


@pytest.fixture
def site(live_server, initial_data_restored, given_municipality, settings):
    settings.FEEDBACK_MIN_SECONDS = 0  # the browser clicks at once
    municipality = given_municipality(name="Próbavár", slug="probavar", ksh_code="69001")
    base = serve_site_in_use(municipality, live_server)
    from tests.services.forms.conftest import load

    load("ADATIG-001")
    load_publication_demo(municipality)
    return municipality, base


def _list_url(municipality, base):
    from services.publication.models import PublicationListPage

    listing = PublicationListPage.objects.live().descendant_of(municipality.root_page).get()
    return base + listing.relative_url(municipality.site)


def _no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_publication_list_passes_axe(site, page, axe_source, width):
    municipality, base = site
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(_list_url(municipality, base))

    assert page.locator("h2", has_text="III. Gazdálkodási adatok").count() == 1
    assert page.locator("a", has_text="Közérdekű adat igénylése online").count() == 1
    assert axe_violations(page, axe_source) == []
    assert _no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_feedback_form_refuses_personal_data_thanks_and_passes_axe(
    site, page, axe_source, width
):
    municipality, base = site
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(_list_url(municipality, base))
    form = page.locator("#oldal-visszajelzes")
    assert form.locator("h2").inner_text() == "Hasznos volt ez az oldal?"

    # a comment with an e-mail address comes back to be edited, nothing stored
    form.locator("textarea").fill("Írjanak a kiss.anna@example.hu címre")
    form.locator("button", has_text="Nem volt hasznos").click()
    assert "ne írjon e-mail-címet" in page.content()
    assert "kiss.anna@example.hu" in page.locator("textarea").input_value()
    assert PageVote.objects.for_municipality(municipality).count() == 0
    assert axe_violations(page, axe_source) == []
    assert _no_sideways_scroll(page)

    page.locator("textarea").fill("Nem derül ki, mikor van nyitva.")
    page.locator("button", has_text="Nem volt hasznos").click()
    assert page.locator("h1").inner_text() == "Köszönjük a visszajelzését"
    vote = PageVote.objects.for_municipality(municipality).get()
    assert (vote.helpful, vote.comment) == (False, "Nem derül ki, mikor van nyitva.")
    assert axe_violations(page, axe_source) == []


def test_the_vote_needs_no_javascript(site, browser):
    municipality, base = site
    context = browser.new_context(locale="hu-HU", java_script_enabled=False)
    page = context.new_page()
    page.goto(_list_url(municipality, base))

    page.locator("#oldal-visszajelzes button", has_text="Igen, hasznos volt").click()

    assert page.locator("h1").inner_text() == "Köszönjük a visszajelzését"
    assert PageVote.objects.for_municipality(municipality).get().helpful is True
    context.close()
