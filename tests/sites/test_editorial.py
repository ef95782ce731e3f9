"""Moderated publishing, sitemap and robots.txt of a municipal site."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from wagtail.models import WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from sites.constants import StaffRole
from sites.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_every_municipality_gets_its_own_moderated_workflow(municipality_a, municipality_b):
    workflow_a = WorkflowPage.objects.get(page=municipality_a.root_page).workflow
    workflow_b = WorkflowPage.objects.get(page=municipality_b.root_page).workflow
    task_a = workflow_a.tasks.get().specific

    assert workflow_a != workflow_b
    assert workflow_a.name == "Alsóvár – moderált közzététel"
    assert task_a.name == "Alsóvár – moderátori jóváhagyás"
    assert {group.municipal_role.role for group in task_a.groups.all()} == {
        StaffRole.MODERATOR,
        StaffRole.SITE_ADMIN,
    }
    assert all(
        group.municipal_role.municipality_id == municipality_a.pk for group in task_a.groups.all()
    )


def test_workflows_named_in_english_before_are_renamed_in_hungarian(municipality_a):
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import Task, Workflow

    migration = import_module("sites.migrations.0009_workflow_names_in_hungarian")
    workflow = WorkflowPage.objects.get(page=municipality_a.root_page).workflow
    Workflow.objects.filter(pk=workflow.pk).update(name="Alsóvár – moderated publishing")
    Task.objects.filter(pk=workflow.tasks.get().pk).update(name="Alsóvár – approval by a moderator")

    migration.rename(apps, None)

    workflow.refresh_from_db()
    assert workflow.name == "Alsóvár – moderált közzététel"
    assert workflow.tasks.get().name == "Alsóvár – moderátori jóváhagyás"


def test_editor_submits_moderator_approves_and_it_is_live_at_once(
    client, make_staff, municipality_a
):
    editor = make_staff(municipality_a, StaffRole.EDITOR)
    moderator = make_staff(municipality_a, StaffRole.MODERATOR)
    index = NewsIndexPage.objects.descendant_of(municipality_a.root_page).get()
    client.get(index.url + "rss/", HTTP_HOST=HOST)  # warm the page cache

    # given: the editor writes a news item and submits it for moderation
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=["municipal", "newspage", index.pk])
    response = client.post(
        add_url,
        nested_form_data(
            {
                "title": "Új játszótér",
                "slug": "uj-jatszoter",
                "date": "2026-11-20",
                "category": "hir",
                "intro": "Átadtuk az új játszóteret.",
                "body": streamfield([("paragraph", rich_text("<p>A Fő téren.</p>"))]),
                "tags": "",
                "action-submit": "Submit",
            }
        ),
    )
    assert response.status_code == 302
    news = NewsPage.objects.get(slug="uj-jatszoter")
    assert not news.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(news.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    assert "Új játszótér" not in client.get(index.url, HTTP_HOST=HOST).content.decode()

    # when: the moderator approves it
    client.force_login(moderator)
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[news.pk, "approve", task_state.pk]
    )
    response = client.post(approve, {"comment": "Rendben."})
    assert response.status_code in (200, 302)
    client.logout()

    # then: it is live on the site, in its feed and its search, at the next request
    news.refresh_from_db()
    assert news.live
    assert "Új játszótér" in client.get(index.url, HTTP_HOST=HOST).content.decode()
    assert "Új játszótér" in client.get(index.url + "rss/", HTTP_HOST=HOST).content.decode()
    search = client.get("/kereses/", {"q": "játszótér"}, HTTP_HOST=HOST)
    results = search.context["results"]
    assert [hit.title for group in results.groups for hit in group.hits] == ["Új játszótér"]


def test_moderator_rejects_with_a_comment(client, make_staff, municipality_a):
    editor = make_staff(municipality_a, StaffRole.EDITOR)
    moderator = make_staff(municipality_a, StaffRole.MODERATOR)
    index = NewsIndexPage.objects.descendant_of(municipality_a.root_page).get()
    news = index.add_child(instance=NewsPage(title="Elsietett hír", slug="elsietett", live=False))
    news.save_revision(user=editor)
    workflow = WorkflowPage.objects.get(page=municipality_a.root_page).workflow
    state = workflow.start(news, editor)

    client.force_login(moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[news.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Kérem, pontosítsa a dátumot."},
    )

    assert response.status_code in (200, 302)
    state.refresh_from_db()
    news.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES and not news.live
    assert state.current_task_state.comment == "Kérem, pontosítsa a dátumot."


def test_moderation_emails_go_only_to_the_municipalitys_own_moderators(
    make_staff, municipality_a, municipality_b, operator, mailoutbox
):
    editor = make_staff(municipality_a, StaffRole.EDITOR)
    ours = make_staff(municipality_a, StaffRole.MODERATOR)
    theirs = make_staff(municipality_b, StaffRole.MODERATOR)
    operator.email = "uzemelteto@example.hu"
    operator.save()
    index = NewsIndexPage.objects.descendant_of(municipality_a.root_page).get()
    news = index.add_child(instance=NewsPage(title="Új hír", slug="uj-hir", live=False))
    news.save_revision(user=editor)

    WorkflowPage.objects.get(page=municipality_a.root_page).workflow.start(news, editor)

    recipients = {address for message in mailoutbox for address in message.to}
    assert ours.email in recipients
    assert theirs.email not in recipients
    assert operator.email not in recipients  # the provider's superuser is no moderator


def test_editor_cannot_publish_directly(client, make_staff, municipality_a):
    editor = make_staff(municipality_a, StaffRole.EDITOR)
    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas")

    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(make_staff(municipality_a, StaffRole.MODERATOR)).can_publish()


def test_sitemap_lists_only_its_own_hosts_live_public_pages(client, municipality_a, municipality_b):
    hidden = municipality_a.root_page.get_children().get(slug="kapcsolat")
    hidden.specific.unpublish()

    response = client.get("/sitemap.xml", HTTP_HOST=HOST)

    locations = [node.text for node in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert f"http://{HOST}/" in locations
    assert f"http://{HOST}/ugyfelfogadas/" in locations
    assert f"http://{HOST}/kapcsolat/" not in locations
    assert all(location.startswith(f"http://{HOST}/") for location in locations)


def test_robots_txt_names_the_hosts_sitemap(client, municipality_a):
    response = client.get("/robots.txt", HTTP_HOST=HOST)

    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: http://{HOST}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
