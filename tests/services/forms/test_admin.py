"""The admin: the issue's walkthrough end to end, and tenant isolation of every view."""

import pytest
from django.urls import reverse
from django.utils import translation

from services.forms import services
from services.forms.models import FormCustomisation, Submission
from tests.factories.intake import submit_form

pytestmark = pytest.mark.django_db

HOST_A = "alsovar.localhost"


def designer_url(customisation):
    return reverse("forms_admin:designer", args=[customisation.municipality_id, customisation.pk])


def test_done_when_walkthrough(client, officer_a, operator, municipality_a, building_tax):
    # the officer adopts the building tax template
    client.force_login(officer_a)
    response = client.post(reverse("forms_admin:adopt", args=[municipality_a.pk, building_tax.pk]))
    customisation = FormCustomisation.objects.for_municipality(municipality_a).get()
    assert response.url == designer_url(customisation)
    assert client.get(designer_url(customisation)).status_code == 200
    # adds a field
    client.post(
        designer_url(customisation),
        {
            "action": "add_field",
            "step": "ingatlanok",
            "type": "text",
            "label": "Helyi megjegyzés",
        },
    )
    customisation.refresh_from_db()
    assert customisation.overlay["added_fields"][0]["field"]["label"] == "Helyi megjegyzés"
    # previews it
    preview = client.get(reverse("forms_admin:preview", args=[municipality_a.pk, customisation.pk]))
    assert "Helyi megjegyzés" in preview.content.decode()
    # the designer frames the preview: same-origin framing is allowed for it, and only it
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(designer_url(customisation))["X-Frame-Options"] == "DENY"
    # publishes it and sees it on the portal under the municipality
    client.post(reverse("forms_admin:publish", args=[municipality_a.pk, customisation.pk]))
    listing = client.get("/urlapok/", HTTP_HOST=HOST_A)
    assert "ADO-002" in listing.content.decode()
    page = client.get("/urlapok/ADO-002/", HTTP_HOST=HOST_A).content.decode()
    assert "Helyi megjegyzés" in page
    # the provider publishes a version that adds a required field
    client.force_login(operator)
    template_url = reverse("forms_admin:template", args=[building_tax.pk])
    assert client.get(template_url).status_code == 200
    client.post(
        template_url,
        {
            "action": "add_field",
            "step": "ingatlanok",
            "type": "text",
            "label": "Energetikai tanúsítvány száma",
            "required": "on",
            "locked": "on",
        },
    )
    client.post(
        template_url,
        {"action": "publish_version", "change_note": "Új kötelező adat", "legal_reference": "Htv."},
    )
    customisation.refresh_from_db()
    assert customisation.live_revision.template_version.number == 2
    page = client.get("/urlapok/ADO-002/", HTTP_HOST=HOST_A).content.decode()
    assert "Energetikai tanúsítvány száma" in page and "Helyi megjegyzés" in page
    # the fleet dashboard shows nobody behind
    fleet = client.get(reverse("forms_admin:fleet"))
    assert fleet.context["outdated"] == []
    assert "Minden önkormányzat az aktuális verziókat kínálja." in fleet.content.decode()


def test_an_officer_of_a_gets_404_for_everything_of_b(
    client, officer_a, municipality_a, municipality_b, complaint_template
):
    form_b = services.adopt(municipality_b, complaint_template)
    services.publish(form_b)
    submission = submit_form(
        form_b,
        {
            "bejelento_neve": "Titkos",
            "bejelento_email": "t@example.hu",
            "bejelentes_tipusa": "panasz",
            "targy": "x",
            "leiras": "y",
            "nyilatkozat": "on",
            "kelt_helye": "Felsővár",
        },
    )
    client.force_login(officer_a)
    b = municipality_b.pk
    urls = [
        reverse("forms_admin:municipality", args=[b]),
        reverse("forms_admin:designer", args=[b, form_b.pk]),
        reverse("forms_admin:preview", args=[b, form_b.pk]),
        reverse("forms_admin:export_overlay", args=[b, form_b.pk]),
        reverse("forms_admin:submissions", args=[b]),
        reverse("forms_admin:submission", args=[b, submission.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("forms_admin:publish", args=[b, form_b.pk]),
        reverse("forms_admin:withdraw", args=[b, form_b.pk]),
        reverse("forms_admin:adopt", args=[b, complaint_template.pk]),
    ]:
        assert client.post(url).status_code == 404, url
    # B's form reached through A's own address is just as absent
    a = municipality_a.pk
    assert client.get(reverse("forms_admin:designer", args=[a, form_b.pk])).status_code == 404
    assert client.get(reverse("forms_admin:submission", args=[a, submission.pk])).status_code == 404
    form_b.refresh_from_db()
    assert form_b.is_published
    assert Submission.objects.for_municipality(municipality_b).count() == 1


def test_provider_views_are_for_operators_only(client, officer_a, editor_a, building_tax):
    client.force_login(officer_a)
    for name, args in [
        ("library", []),
        ("template", [building_tax.pk]),
        ("fleet", []),
        ("template_export", [building_tax.pk]),
    ]:
        assert client.get(reverse(f"forms_admin:{name}", args=args)).status_code in (302, 403)
    # an editor without the officer's rights sees no forms at all
    client.force_login(editor_a)
    assert client.get(reverse("forms_admin:index")).status_code in (302, 403)


def test_the_designer_refuses_to_hide_a_locked_field_in_hungarian(
    client, officer_a, municipality_a, building_tax
):
    customisation = services.adopt(municipality_a, building_tax)
    client.force_login(officer_a)
    with translation.override("hu"):
        response = client.post(
            designer_url(customisation),
            {"action": "hide", "key": "adozo_neve"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="hu",
        )
    messages = [str(m) for m in response.context["messages"]]
    assert any("nem rejthetők el" in m for m in messages)
    customisation.refresh_from_db()
    assert customisation.overlay.get("hidden", []) == []


def test_fleet_figures(
    client, operator, municipality_a, municipality_b, building_tax, complaint_template
):
    plain = services.adopt(municipality_b, complaint_template)
    services.publish(plain)  # not personalised: no change made
    custom = services.adopt(municipality_a, building_tax)
    services.save_customisation(custom, overlay={"meta": {"office": "Adóiroda"}})
    services.publish(custom)
    from services.forms.fleet import fleet_figures

    figures = fleet_figures()
    assert figures["personalised"] == 1 and figures["templates"] == 2
    assert figures["share"] == pytest.approx(100 * 1 / figures["joined"], abs=0.1)
    client.force_login(operator)
    assert client.get(reverse("forms_admin:fleet")).status_code == 200


def test_public_form_validates_on_the_server_in_hungarian(client, published_form):
    response = client.post(
        "/urlapok/PANASZ-001/",
        {"bejelento_neve": "Kiss Anna", "bejelento_email": "rossz"},
        HTTP_HOST=HOST_A,
        HTTP_ACCEPT_LANGUAGE="hu",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Érvényes e-mail címet írjon" in body
    ok = client.post(
        "/urlapok/PANASZ-001/",
        {
            "bejelento_neve": "Kiss Anna",
            "bejelento_email": "kiss@example.hu",
            "bejelentes_tipusa": "panasz",
            "targy": "Kátyú",
            "leiras": "Kátyú a Fő utcán",
            "nyilatkozat": "on",
            "kelt_helye": "Alsóvár",
            "bejelento_cime__postal_code": "",
            "bejelento_cime__settlement": "",
        },
        HTTP_HOST=HOST_A,
    )
    assert ok.status_code == 200
    assert Submission.objects.for_municipality(published_form.municipality).count() == 1


def test_the_portal_shows_no_forms_of_another_municipality(client, published_form):
    assert client.get("/urlapok/PANASZ-001/", HTTP_HOST="felsovar.localhost").status_code == 404
    assert client.get("/urlapok/", HTTP_HOST="localhost").status_code == 404


def test_the_public_form_links_the_municipalitys_privacy_notice(client, published_form):
    page = client.get("/urlapok/PANASZ-001/", HTTP_HOST=HOST_A).content.decode()

    assert '<a href="/e-ugyintezes/adatkezelesi-tajekoztato/?onkormanyzat=alsovar">' in page
