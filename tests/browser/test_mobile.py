"""Mobile first: a citizen's pages on a 390 px wide phone in real Chromium, under every
built-in theme. Nothing scrolls sideways, the menu starts folded behind its button so the
content begins within the first screen, and without JavaScript the menu stays in view."""

import pytest

from .conftest import serve_site_in_use
from .test_accessibility import BUILTIN_THEMES, axe_violations, use_theme

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# The content must start within this many pixels of the top: the first screen of a phone
# less the browser's own bars.
FIRST_SCREEN = 300

LAYOUT = """() => {
    const visible = element => element !== null && element.getClientRects().length > 0;
    const main = document.querySelector("main");
    const menu = document.querySelector(".main-menu");
    const toggle = document.querySelector("[data-menu-toggle]");
    const wide = Array.from(document.querySelectorAll("body *"))
        .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map(element => element.tagName + "." + element.className);
    return {
        scrollWidth: document.documentElement.scrollWidth,
        mainTop: main.getBoundingClientRect().top + window.scrollY,
        menuShown: visible(menu),
        menuHeight: visible(menu) ? menu.getBoundingClientRect().height : 0,
        toggleShown: visible(toggle),
        expanded: toggle && toggle.getAttribute("aria-expanded"),
        wide: wide,
    };
}"""


@pytest.fixture
def municipal_site(live_server, initial_data_restored, given_municipality):
    """A municipality's demo website on the live server: (municipality, base URL)."""
    municipality = given_municipality(name="Mobilvár", slug="mobilvar", ksh_code="69003")
    return municipality, serve_site_in_use(municipality, live_server)


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="hu-HU", viewport=PHONE)
    phone_page = context.new_page()
    phone_page.set_default_timeout(15_000)
    yield phone_page
    context.close()


@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_citizen_pages_fit_a_phone_with_the_menu_folded(municipal_site, phone, axe_source, theme):
    municipality, base_url = municipal_site
    use_theme(municipality, theme)
    # the home page, the form directory, a form with a postal address, the search
    paths = ["/", "/urlapok/", "/urlapok/SZOC-001/", "/kereses/?q=adó"]
    problems = {}
    for path in paths:
        response = phone.goto(base_url + path, wait_until="load")
        assert response.status == 200, (path, response.status)
        layout = phone.evaluate(LAYOUT)
        if layout["scrollWidth"] > PHONE["width"]:
            problems[path] = f"scrolls sideways: {layout['scrollWidth']} px, {layout['wide']}"
        elif layout["mainTop"] > FIRST_SCREEN:
            problems[path] = f"content starts at {layout['mainTop']} px"
        elif layout["menuShown"] or not layout["toggleShown"] or layout["expanded"] != "false":
            problems[path] = f"menu open before any interaction: {layout}"
    assert not problems, problems

    # the button opens the menu and says so; Escape folds it again
    phone.goto(base_url + "/", wait_until="load")
    toggle = phone.get_by_role("button", name="Menü")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone.locator(".main-menu a").first.is_visible()
    assert phone.locator("#header-search").is_visible()
    # the phone layout, menu open, passes WCAG 2.1 AA as the wide one does
    assert not axe_violations(phone, axe_source)
    phone.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not phone.locator(".main-menu").is_visible()


def test_without_javascript_the_menu_stays_in_view(municipal_site, browser):
    municipality, base_url = municipal_site
    use_theme(municipality, "classic")
    context = browser.new_context(locale="hu-HU", viewport=PHONE, java_script_enabled=False)
    try:
        no_script = context.new_page()
        no_script.goto(base_url + "/", wait_until="load")
        layout = no_script.evaluate(LAYOUT)
    finally:
        context.close()
    assert layout["menuShown"]
    assert not layout["toggleShown"]
    assert layout["scrollWidth"] <= PHONE["width"], layout["wide"]
