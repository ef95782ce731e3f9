"""The public trade and industry register (services.commerce) under every built-in theme,
at 1280 px and on a 390 px phone, in real Chromium: axe-core's WCAG 2.1 A and AA rules
find no violation on the list, an entry with its history and the sites register, and on
the phone nothing scrolls sideways."""

import pytest

from services.commerce.demo import load_demo
from services.commerce.models import Place, PublicRegisterPage

from .conftest import serve_site_in_use
from .test_accessibility import BUILTIN_THEMES, axe_violations, use_theme

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def register_site(live_server, initial_data_restored, given_municipality):
    municipality = given_municipality(name="Próbavár", slug="probavar", ksh_code="69001")
    base = serve_site_in_use(municipality, live_server)
    load_demo(municipality)
    page = PublicRegisterPage.objects.descendant_of(municipality.root_page).get()
    place = Place.objects.for_municipality(municipality).order_by("pk").first()
    paths = [
        page.relative_url(municipality.site),
        page.relative_url(municipality.site) + "?forma=shop&allapot=active",
        page.relative_url(municipality.site) + f"bejegyzes/kereskedelem/{place.pk}/",
        page.relative_url(municipality.site) + "?nyilvantartas=telep",
    ]
    return municipality, base, paths


@pytest.mark.parametrize("theme", BUILTIN_THEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_public_register_passes_axe_in_every_theme(
    register_site, browser, axe_source, theme, viewport
):
    municipality, base_url, paths = register_site
    use_theme(municipality, theme)
    context = browser.new_context(locale="hu-HU", viewport=VIEWPORTS[viewport])
    page = context.new_page()
    problems = {}
    try:
        for path in paths:
            response = page.goto(base_url + path, wait_until="load")
            assert response.status == 200, (path, response.status)
            violations = axe_violations(page, axe_source)
            if violations:
                problems[path] = violations
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > VIEWPORTS[viewport]["width"]:
                problems[f"{path} width"] = [f"scrolls sideways: {width} px"]
    finally:
        context.close()
    assert not problems, "\n".join(
        f"{where}:\n  " + "\n  ".join(p) for where, p in problems.items()
    )
