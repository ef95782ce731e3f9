"""The portal search's combobox in real Chromium, with the keyboard only: type "parkol",
move through the suggestions with the arrow keys, open one with Enter; axe-core WCAG 2.1
AA with the list of suggestions open and on the results page; and the same box without
JavaScript (a plain form)."""

import re

import pytest
from playwright.sync_api import expect

from services.forms import services as forms
from services.forms.demo import parking_permit_definition
from sites.models import StandardPage

from .test_accessibility import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def parking_towns(live_server, initial_data_restored, given_municipality):
    towns = [
        given_municipality(name="Próbavár", slug="probavar", ksh_code="69311"),
        given_municipality(name="Tesztfalva", slug="tesztfalva", ksh_code="69312"),
    ]
    for town, title in zip(
        towns, ["Lakossági parkolási engedély kérelem", "Parkolási engedély kérelem"], strict=True
    ):
        form = forms.copy_as_local(town, title=title)
        forms.save_customisation(form, definition=parking_permit_definition(title))
        forms.publish(form)
    page = towns[0].root_page.add_child(
        instance=StandardPage(title="Parkolás", slug="parkolas", intro="Fizető övezetek.")
    )
    page.save_revision().publish()
    return towns


def assert_accessible(page, axe_source, name):
    violations = axe_violations(page, axe_source)
    assert not violations, f"{name}: " + "\n".join(violations)


def test_type_parkol_choose_with_arrows_and_open_with_enter(
    live_server, parking_towns, page, axe_source
):
    page.goto(f"{live_server.url}/e-ugyintezes/kereses/")
    box = page.get_by_role("combobox", name="Mit keres?")
    box.focus()
    page.keyboard.type("parkol", delay=40)

    listbox = page.get_by_role("listbox", name="Javaslatok")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.filter(has_text="Próbavár").first).to_be_visible()
    expect(options.filter(has_text="Tesztfalva").first).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("javaslat")
    assert_accessible(page, axe_source, "listbox open")

    # The arrow keys move the active option; the focus stays in the box.
    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    page.keyboard.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")
    assert page.evaluate("document.activeElement.id") == "portal-q"

    # Escape closes the list and keeps the text; the down arrow opens it again.
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("parkol")
    page.keyboard.press("ArrowDown")
    expect(listbox).to_be_visible()

    # Down to Tesztfalva's form, and Enter opens it in the portal's e-administration.
    labels = [text.strip() for text in options.all_inner_texts()]
    target = next(i for i, text in enumerate(labels) if "Tesztfalva" in text)
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    expect(options.nth(target)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/e-ugyintezes/tesztfalva/urlap/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Parkolási engedély kérelem")


def test_enter_without_a_choice_searches_and_the_results_pass_axe(
    live_server, parking_towns, page, axe_source
):
    page.goto(f"{live_server.url}/e-ugyintezes/kereses/")
    page.get_by_role("combobox", name="Mit keres?").fill("parkolasi engedely")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"q=parkolasi\+engedely"))
    results = page.locator(".portal-results")
    expect(results).to_contain_text("Lakossági parkolási engedély kérelem")
    expect(results).to_contain_text("Tesztfalva")
    assert_accessible(page, axe_source, "results page")


def test_without_javascript_the_box_is_a_plain_form(live_server, parking_towns, browser):
    context = browser.new_context(java_script_enabled=False, locale="hu-HU")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/e-ugyintezes/kereses/")
        page.get_by_label("Mit keres?").fill("parkolás")
        page.get_by_label("Önkormányzat", exact=True).select_option("probavar")
        page.get_by_role("button", name="Keresés", exact=True).last.click()

        results = page.locator(".portal-results")
        expect(results).to_contain_text("Próbavár")
        expect(results).not_to_contain_text("Tesztfalva")
    finally:
        context.close()
