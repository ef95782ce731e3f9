"""Ügyeim in real headless Chromium: axe-core's WCAG 2.1 A/AA rules find nothing on the
list, a case, the mailbox, a message, the documents and the settings, under every built-in
theme; and a citizen answers a request for missing information with a file."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from wagtail.models import Site

from services.documents import services as registry
from services.documents.constants import CaseStatus
from sites.constants import StaffRole
from tests.browser.test_accessibility import BUILTIN_THEMES, axe_violations
from tests.factories.staff import StaffFactory
from themes.models import ThemeSettings

from .conftest import make_citizen, open_citizen_case, pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def affairs(live_server, initial_data_restored, given_municipality):
    """A citizen with a waiting case and an answered one: (citizen, cases, base URL)."""
    municipality = given_municipality(name="Ügyvár", slug="ugyvar", ksh_code="69101")
    officer = StaffFactory(
        municipality=municipality, role=StaffRole.OFFICER, username="ugyintezo_ugyvar"
    )
    citizen = make_citizen("bongeszo-anna", "bongeszo.anna@example.hu")
    answered = open_citizen_case(municipality, citizen, subject="Fakivágási engedély")
    registry.assign(answered, officer, user=officer)
    registry.reply(
        answered,
        subject="Tájékoztatás",
        text="A helyszíni szemle jövő kedden lesz.",
        files=[pdf("tajekoztatas.pdf")],
        user=officer,
    )
    waiting = open_citizen_case(municipality, citizen, subject="Kerítésépítés")
    registry.assign(waiting, officer, user=officer)
    registry.request_information(waiting, text="Kérjük, csatolja a helyszínrajzot.", user=officer)
    return citizen, {"answered": answered, "waiting": waiting}, live_server.url


def log_in(page, citizen, base_url):
    client = Client()
    client.force_login(citizen)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": base_url,
            }
        ]
    )


def use_portal_theme(theme):
    portal_site = Site.objects.get(is_default_site=True)
    theme_settings = ThemeSettings.for_site(portal_site)
    theme_settings.theme = theme
    theme_settings.save()


@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_the_pages_of_my_affairs_pass_axe_wcag21_aa(affairs, page, axe_source, theme):
    citizen, cases, base_url = affairs
    use_portal_theme(theme)
    log_in(page, citizen, base_url)
    from portal.affairs.models import MailboxMessage

    message = MailboxMessage.objects.for_recipient(citizen).filter(case=cases["answered"]).get()
    targets = {
        "my cases": "/ugyeim/",
        "a case waiting for the client": f"/ugyeim/ugy/{cases['waiting'].pk}/",
        "a case with a reply": f"/ugyeim/ugy/{cases['answered'].pk}/",
        "mailbox": "/ugyeim/postafiok/",
        "a message": f"/ugyeim/postafiok/{message.pk}/",
        "documents": "/ugyeim/iratok/",
        "notifications": "/ugyeim/ertesitesek/",
    }
    problems = {}
    for name, path in targets.items():
        response = page.goto(base_url + path, wait_until="load")
        assert response.status == 200, (name, path, response.status)
        assert urlsplit(page.url).path == path  # not sent to the login page
        violations = axe_violations(page, axe_source)
        if violations:
            problems[f"{name} {path}"] = violations

    # the answer form with its error shown
    page.goto(base_url + targets["a case waiting for the client"], wait_until="load")
    page.get_by_role("button", name="Válaszom elküldése").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("alert").is_visible()
    violations = axe_violations(page, axe_source)
    if violations:
        problems["answer form with an error"] = violations

    assert not problems, "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )


def test_the_citizen_answers_a_request_with_a_file_in_the_browser(affairs, page, tmp_path):
    citizen, cases, base_url = affairs
    log_in(page, citizen, base_url)
    page.goto(base_url + "/", wait_until="load")
    page.get_by_role("link", name="Ügyeim").first.click()
    page.get_by_role("link", name="Kerítésépítés").click()
    attachment = tmp_path / "helyszinrajz.pdf"
    attachment.write_bytes(b"%PDF-1.4\n% helyszinrajz\n")
    page.get_by_label("Az Ön válasza").fill("Csatolom a helyszínrajzot.")
    page.get_by_label("Mellékletek").set_input_files(str(attachment))
    page.get_by_role("button", name="Válaszom elküldése").click()
    page.wait_for_load_state("load")

    assert page.get_by_role("status").is_visible()
    assert "helyszinrajz.pdf" in page.content()
    waiting = cases["waiting"]
    waiting.refresh_from_db()
    assert waiting.status == CaseStatus.IN_PROGRESS
