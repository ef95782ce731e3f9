"""EU Web Accessibility Directive: every page type of a municipality's site, under every
built-in theme, in real Chromium, with axe-core's WCAG 2.1 A and AA rules: no violation.
Keyboard use and the visitors' display preferences are checked in the same browser."""

from urllib.parse import urlsplit

import pytest

from tests.factories.municipalities import make_image
from themes.models import ThemeSettings

from .conftest import add_one_of_each_missing_page_type, pages_by_type, serve_site_in_use

BUILTIN_THEMES = ["classic", "sidebar", "modern"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server, initial_data_restored, given_municipality):
    """A provisioned municipality served by the live server: (municipality, base URL)."""
    municipality = given_municipality(name="Próbavár", slug="probavar", ksh_code="69001")
    base = serve_site_in_use(municipality, live_server)
    skipped = add_one_of_each_missing_page_type(municipality.root_page)
    if skipped:
        print("page types without an example in the demo tree:", ", ".join(skipped))
    return municipality, base


def use_theme(municipality, theme, **fields):
    theme_settings = ThemeSettings.for_site(municipality.site)
    theme_settings.theme = theme
    for name, value in fields.items():
        setattr(theme_settings, name, value)
    theme_settings.full_clean()
    theme_settings.save()


def axe_violations(page, axe_source):
    # Evaluated through the DevTools protocol, not added as an inline <script>: the pages'
    # Content Security Policy refuses inline scripts without their nonce.
    page.evaluate("() => {" + axe_source + "\n}")
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]})""",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            f"{node['target']} {node['failureSummary'].splitlines()[-1].strip()}"
            for node in violation["nodes"][:5]
        )
        for violation in result["violations"]
    ]


def watch_requests(page, base_url):
    """Every request the page makes that is not to the site's own host."""
    own = urlsplit(base_url).netloc
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlsplit(request.url).scheme not in ("data", "blob")
            and urlsplit(request.url).netloc != own
            else None
        ),
    )
    return outside


@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_every_page_type_passes_axe_wcag21_aa(demo, page, axe_source, theme):
    municipality, base_url = demo
    use_theme(municipality, theme, logo=make_image(municipality, "Címer"))
    pages = pages_by_type(municipality.root_page)
    targets = {name: found.relative_url(municipality.site) for name, found in pages.items()}
    targets["search results"] = "/kereses/?q=adó"
    targets["not found (404)"] = "/nincs-ilyen-oldal/"
    outside = watch_requests(page, base_url)

    problems = {}
    for name, path in targets.items():
        response = page.goto(base_url + path, wait_until="load")
        expected = 404 if "404" in name else 200
        assert response.status == expected, (name, path, response.status)
        violations = axe_violations(page, axe_source)
        if violations:
            problems[f"{name} {path}"] = violations

    # the same pages in the visitor's high-contrast, larger-text view
    page.evaluate(
        """() => localStorage.setItem("varoshaza-display",
                                      JSON.stringify({contrast: true, large: true}))"""
    )
    for name in ("MunicipalHomePage", "StandardPage"):
        page.goto(base_url + targets[name], wait_until="load")
        assert page.evaluate("document.documentElement.className").count("a11y-") == 2
        violations = axe_violations(page, axe_source)
        if violations:
            problems[f"{name} (high contrast)"] = violations

    assert len(pages) >= 5, sorted(pages)
    assert not problems, "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )
    assert not outside, f"requests to other hosts: {outside}"


FOCUSED = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName, id: element.id, className: element.className,
        href: element.getAttribute("href"), text: element.textContent.trim(),
        outline: getComputedStyle(element).outlineStyle,
        shadow: getComputedStyle(element).boxShadow,
    };
}"""


@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_keyboard_skip_link_and_menu(demo, page, theme):
    municipality, base_url = demo
    use_theme(municipality, theme)
    page.goto(base_url + "/", wait_until="load")
    menu_links = page.eval_on_selector_all(
        ".main-menu a", "links => links.map(link => link.getAttribute('href'))"
    )
    assert menu_links

    # the first Tab stop is the skip link, and it is visible when focused
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "skip-link" in first["className"], first
    assert page.is_visible(".skip-link")
    # following it puts the keyboard focus on the main content
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main"

    # from the top, Tab reaches every menu item, each with a visible focus indicator
    page.goto(base_url + "/", wait_until="load")
    reached = []
    for _stop in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        reached.append(focused["href"])
        if focused["href"] in menu_links:
            assert focused["outline"] != "none" or focused["shadow"] != "none", focused
        if set(menu_links) <= set(reached):
            break
    assert set(menu_links) <= set(reached), (menu_links, reached)

    # and Enter on a menu item opens it
    page.focus(f'.main-menu a[href="{menu_links[0]}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{menu_links[0]}")


def test_display_preferences_are_remembered_across_pages(demo, page):
    municipality, base_url = demo
    use_theme(municipality, "classic")
    page.goto(base_url + "/", wait_until="load")
    font_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    page.get_by_role("button", name="Nagy kontraszt").click()
    page.get_by_role("button", name="Nagyobb betűk").click()
    assert page.get_attribute('[data-a11y-toggle="contrast"]', "aria-pressed") == "true"

    page.goto(base_url + "/kereses/", wait_until="load")
    classes = page.evaluate("document.documentElement.className")
    assert "a11y-contrast" in classes and "a11y-large" in classes
    larger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger > font_size
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    assert page.get_attribute('[data-a11y-toggle="large"]', "aria-pressed") == "true"

    page.get_by_role("button", name="Nagy kontraszt").click()
    page.reload(wait_until="load")
    assert "a11y-contrast" not in page.evaluate("document.documentElement.className")
