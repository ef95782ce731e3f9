"""A legal change in real headless Chromium (issue #22): the provider stages version 2 of a
template with a fee set by law and a date in force of tomorrow; Eger's officer previews the
form on it with Eger's customisation and resolves the conflict in advance; the date passes
and Eger's public form serves version 2 with the statutory fee. axe-core checks the public
form and the withdrawn-form page have no WCAG 2.1 A/AA violation, also at 390 px.

The date passing is the version's "in force from" moved into the past (the clock cannot be
moved inside the live server's thread without a library for it); the switch then happens
lazily, at the first request that serves the form, as it does in production between two
runs of the scheduler."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from services.forms import services
from services.forms.designer import OverlayEditor
from services.forms.models import FormCustomisation, FormTemplate, TemplateVersion
from services.forms.services.deadlines import withdrawn_notice
from sites.constants import StaffRole
from tests.factories.staff import OperatorFactory, StaffFactory

from .test_accessibility import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("LEGAL_SCREENSHOTS")


def definition(required_note=False):
    return {
        "title": "Közterület-használati kérelem",
        "fee": {"kind": "none"},
        "steps": [
            {
                "key": "adatok",
                "title": "Adatok",
                "fields": [
                    {"key": "nev", "type": "text", "label": "Kérelmező neve", "required": True},
                    {"key": "helyszin", "type": "text", "label": "Helyszín", "required": True},
                    {
                        "key": "hrsz",
                        "type": "text",
                        "label": "Helyrajzi szám",
                        "required": required_note,
                    },
                ],
            }
        ],
    }


@pytest.fixture
def world(live_server, initial_data_restored, given_municipality):
    eger = given_municipality(name="Eger", slug="eger", ksh_code="20491")
    other = given_municipality(name="Felsőtárkány", slug="felsotarkany", ksh_code="20042")
    port = int(live_server.url.rsplit(":", 1)[1])
    Site.objects.update(port=port)
    template = FormTemplate.objects.create(
        code="KOZT-009", title="Közterület", category="kozterulet", draft_definition=definition()
    )
    services.publish_template_version(template, definition(), change_note="Első változat")
    template.refresh_from_db()
    forms = {}
    for municipality in (eger, other):
        form = services.adopt(municipality, template)
        if municipality == eger:
            # Eger's own fee and the parcel number hidden: version 2 makes it required.
            editor = OverlayEditor(form.base_version.definition, form.overlay)
            editor.set_fee({"kind": "fixed", "amount": 3000})
            editor.hide_field("hrsz")
            services.save_customisation(form, overlay=editor.result())
        services.publish(form)
        forms[municipality.slug] = form
    # The provider's working copy of version 2: the parcel number required.
    template.draft_definition = definition(required_note=True)
    template.save()
    officer = StaffFactory(municipality=eger, role=StaffRole.OFFICER, username="ugyintezo_eger")
    return {
        "eger": eger,
        "other": other,
        "template": template,
        "forms": forms,
        "officer": officer,
        "operator": OperatorFactory(),
        "port": port,
    }


def logged_in(browser, user, base, width=1280):
    """A browser context with the user's session (both factors passed: tests/conftest.py)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="hu-HU", viewport={"width": width, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_a_legal_change_staged_previewed_resolved_and_in_force(world, browser, axe_source):
    eger, template = world["eger"], world["template"]
    base = f"http://localhost:{world['port']}"
    eger_site = f"http://{eger.site.hostname}:{world['port']}"

    # The provider sets the fee by law and stages the version for tomorrow.
    provider = logged_in(browser, world["operator"], base)
    provider.goto(f"{base}/admin/urlapok/sablonok/{template.pk}/")
    provider.locator("details:has(input[name=action][value=fee]) > summary").click()
    fee = provider.locator("form:has(input[name=action][value=fee])")
    fee.locator("select[name=kind]").select_option("fixed")
    fee.locator("input[name=amount]").fill("5000")
    fee.locator("input[name=statutory]").fill("Bemutató rendelet 3. §")
    fee.locator("button[type=submit]").click()
    provider.wait_for_load_state()
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    publish = provider.locator("form:has(input[name=action][value=publish_version])")
    publish.locator("textarea[name=change_note]").fill("Jogszabályban megállapított díj")
    publish.locator("input[name=legal_reference]").fill("Bemutató rendelet 3. §")
    publish.locator("input[name=effective_from]").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    publish.locator("button[type=submit]").click()
    provider.wait_for_load_state()
    assert "előkészítve" in provider.content()
    version = TemplateVersion.objects.get(template=template, number=2)
    assert not version.in_force() and version.definition["fee_statutory"]

    # Eger's officer sees it staged, previews it with Eger's customisation, resolves.
    form = world["forms"]["eger"]
    officer = logged_in(browser, world["officer"], base)
    designer = f"{base}/admin/urlapok/onkormanyzat/{eger.pk}/urlap/{form.pk}/"
    officer.goto(designer)
    assert officer.locator("#uj-valtozat").is_visible()
    assert "Helyrajzi szám" in officer.locator("#utkozes .drop-list").inner_text()
    shot(officer, "designer-staged-1280")
    officer.goto(designer + "elonezet/?valtozat=uj")
    assert "5\u00a0000\u00a0Ft" in officer.locator(".form-fee").inner_text()
    officer.goto(designer)
    officer.locator("#utkozes button[type=submit]").click()
    officer.wait_for_load_state()
    assert not FormCustomisation.objects.unscoped().get(pk=form.pk).conflicts
    # not yet in force: citizens still get Eger's own fee
    public = browser.new_page()
    public.goto(f"{eger_site}/urlapok/KOZT-009/")
    assert "3\u00a0000\u00a0Ft" in public.locator(".form-fee").inner_text()

    # The date passes.
    TemplateVersion.objects.filter(pk=version.pk).update(
        effective_from=timezone.now() - datetime.timedelta(minutes=1)
    )
    cache.clear()
    public.goto(f"{eger_site}/urlapok/KOZT-009/")
    assert "5\u00a0000\u00a0Ft" in public.locator(".form-fee").inner_text()
    assert "Helyrajzi szám" in public.content()
    assert axe_violations(public, axe_source) == []
    public.set_viewport_size({"width": 390, "height": 844})
    assert axe_violations(public, axe_source) == []
    shot(public, "public-form-v2-390")
    for slug in ("eger", "felsotarkany"):
        served = FormCustomisation.objects.unscoped().get(pk=world["forms"][slug].pk)
        assert served.live_revision.template_version == version
        assert served.live_revision.definition["fee"] == {"kind": "fixed", "amount": 5000}

    # A form withdrawn when a deadline passed tells citizens why (410, not a 404).
    other_form = FormCustomisation.objects.unscoped().get(pk=world["forms"]["felsotarkany"].pk)
    other_form.withdrawn_notice = withdrawn_notice(version)
    services.withdraw(other_form)
    other_site = f"http://{world['other'].site.hostname}:{world['port']}"
    response = public.goto(f"{other_site}/urlapok/KOZT-009/")
    assert response.status == 410
    assert "jogszabályváltozás miatt" in public.content()
    assert axe_violations(public, axe_source) == []
