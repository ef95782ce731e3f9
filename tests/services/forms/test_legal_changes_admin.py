"""Issue #22 in the admin: what the provider and the officers see and do of a legal change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from services.forms import services
from services.forms.designer import DesignerError, OverlayEditor
from services.forms.models import FormNotification, TemplateVersion

from . import test_legal_changes as legal
from .test_legal_changes import customise, definition, field, fresh, served

template = legal.template  # the fixture: a test template with one published version

pytestmark = pytest.mark.django_db


def designer(form):
    return reverse("forms_admin:designer", args=[form.municipality_id, form.pk])


def test_the_publish_form_refuses_a_deadline_in_the_past(client, operator, template):
    client.force_login(operator)
    response = client.post(
        reverse("forms_admin:template", args=[template.pk]),
        {
            "action": "publish_version",
            "change_note": "Késő",
            "live_by": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "nem lehet múltbeli dátum" in response.content.decode()
    assert not TemplateVersion.objects.filter(template=template, number=2).exists()


def test_a_statutory_field_is_locked_for_the_officer_with_its_reference(
    client, officer_a, municipality_a, template
):
    template.draft_definition = definition(nev={"statutory": "Ákr. 36. §"}, fee_statutory="Itv.")
    services.publish_template_version(template, template.draft_definition, change_note="Jog")
    template.refresh_from_db()
    form = customise(municipality_a, template)
    client.force_login(officer_a)
    page = client.get(designer(form) + "?mezo=nev").content.decode()
    assert "Ákr. 36. §" in page and "jogszabály írja elő" in page.lower()
    assert "A díjat jogszabály állapítja meg" in page
    editor = OverlayEditor(fresh(form).base_version.definition, fresh(form).overlay)
    with pytest.raises(DesignerError):
        editor.edit_field("nev", {"label": "Saját", "required": True})
    with pytest.raises(DesignerError):
        editor.set_fee({"kind": "fixed", "amount": 1})
    # the officer's post is refused in Hungarian, and nothing changes
    response = client.post(
        designer(form), {"action": "fee", "kind": "fixed", "amount": "1"}, follow=True
    )
    assert "jogszabály állapítja meg" in response.content.decode()
    assert served(form)["fee"]["amount"] == 2000


def test_the_officer_sees_the_staged_version_previews_it_and_sees_what_resolving_drops(
    client, officer_a, municipality_a, template
):
    form = customise(municipality_a, template, darab={"max": 50})
    new = definition(fee=5000, fee_statutory="Itv. 29. §")
    field(new, "darab").update({"type": "text", "options": {}})
    services.publish_template_version(
        template,
        new,
        change_note="Új díj",
        effective_from=timezone.now() + datetime.timedelta(days=1),
        live_by=timezone.localdate() + datetime.timedelta(days=10),
    )
    client.force_login(officer_a)
    page = client.get(designer(form)).content.decode()
    assert 'id="uj-valtozat"' in page and "Darabszám" in page
    preview = client.get(designer(form) + "elonezet/?valtozat=uj").content.decode()
    assert "5\u00a0000\u00a0Ft" in preview
    assert "2\u00a0000\u00a0Ft" in client.get(designer(form) + "elonezet/").content.decode()
    forms_page = client.get(reverse("forms_admin:municipality", args=[municipality_a.pk]))
    content = forms_page.content.decode()
    assert 'id="hataridok"' in content and "ütközés tartja vissza" in content
    assert "A díj jogszabály szerint 5\u00a0000\u00a0Ft lett" in content
    # the dashboard shows the deadline too
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Űrlapjai jogszabályi határidői" in home


def test_keep_or_take_through_the_notice(client, officer_a, officer_b, municipality_a, template):
    form = customise(municipality_a, template, megjegyzes={"label": "Egyéb közlendő"})
    services.publish_template_version(
        template, definition(megjegyzes={"label": "Megjegyzés, kérés"}), change_note="Szöveg"
    )
    notice = FormNotification.objects.for_municipality(municipality_a).latest("created_at")
    url = reverse("forms_admin:notice_read", args=[municipality_a.pk, notice.pk])
    # an officer of another municipality cannot decide for A
    client.force_login(officer_b)
    assert client.post(url, {"action": "take", "key": "megjegyzes"}).status_code == 404
    client.force_login(officer_a)
    client.post(url, {"action": "keep", "key": "megjegyzes"})
    assert field(served(form), "megjegyzes")["label"] == "Egyéb közlendő"
    notice.refresh_from_db()
    assert notice.decisions[0]["decided"] == "kept"
