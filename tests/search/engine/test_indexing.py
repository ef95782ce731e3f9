"""Index updates as pages are published, unpublished, restricted and deleted, and scoping to
a site: on the database backend and on a real engine (osmem) through Wagtail's opensearch3
and elasticsearch9 backends (conftest.py). Queries are made of words no starter page has
("zqxb…"), and results compared as sets: osmem's scores are not Lucene's."""

import pytest
from django.test import override_settings
from django_tasks import default_task_backend
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from sites.models import StandardPage

from .helpers import add_page, found

pytestmark = pytest.mark.django_db


def test_a_published_page_is_found(search_backend, municipality_a):
    add_page(municipality_a, "Zqxbalma nyitvatartás", "A hivatal zqxbalma ügyfélfogadása.")

    assert found(search_backend, "zqxbalma") == {"Zqxbalma nyitvatartás"}


def test_a_draft_is_not_found_until_it_is_published(search_backend, municipality_a):
    page = add_page(municipality_a, "Zqxbkorte tervezet", publish=False)

    assert found(search_backend, "zqxbkorte") == set()

    page.save_revision().publish()
    assert found(search_backend, "zqxbkorte") == {"Zqxbkorte tervezet"}


def test_an_unpublished_page_is_not_found(search_backend, municipality_a):
    page = add_page(municipality_a, "Zqxbszilva pályázat")
    assert found(search_backend, "zqxbszilva") == {"Zqxbszilva pályázat"}

    page.unpublish()

    assert found(search_backend, "zqxbszilva") == set()


def test_a_deleted_page_leaves_the_index(search_backend, municipality_a):
    from search.backends import inventory_for

    page = add_page(municipality_a, "Zqxbmeggy hirdetmény")
    model, pk = type(page), str(page.pk)
    assert pk in inventory_for(search_backend).indexed(model)

    page.delete()

    assert pk not in inventory_for(search_backend).indexed(model)
    assert found(search_backend, "zqxbmeggy") == set()


def test_a_page_of_site_a_is_not_found_with_site_b_filter(
    search_backend, municipality_a, municipality_b
):
    add_page(municipality_a, "Zqxbdio lomtalanítás")

    assert found(search_backend, "zqxbdio", municipality_a.root_page) == {"Zqxbdio lomtalanítás"}
    assert found(search_backend, "zqxbdio", municipality_b.root_page) == set()


def test_restricted_pages_and_their_children_are_not_found(search_backend, municipality_a):
    restricted = add_page(municipality_a, "Zqxbmalna belső", "Csak munkatársaknak.")
    child = restricted.add_child(
        instance=type(restricted)(title="Zqxbmalna jegyzőkönyv", slug="zqxbmalna-jegyzokonyv")
    )
    child.save_revision().publish()
    add_page(municipality_a, "Zqxbmalna nyilvános")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="titok"
    )

    assert found(search_backend, "zqxbmalna") == {"Zqxbmalna nyilvános"}


@pytest.mark.parametrize("search_backend", ["database", "opensearch"], indirect=True)
def test_publishing_indexes_through_the_task_queue(search_backend, municipality_a):
    # given a task backend that only keeps what is enqueued (production's runs it later)
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        default_task_backend.clear()
        page = add_page(municipality_a, "Zqxbbarack hír")

        # then the publish enqueued Wagtail's indexing task and did not index by itself
        enqueued = [
            result
            for result in default_task_backend.results
            if result.task.name == "insert_or_update_object_task" and result.args[2] == str(page.pk)
        ]
        assert enqueued
        assert found(search_backend, "zqxbbarack") == set()

        # when the worker runs it
        enqueued[-1].task.call(*enqueued[-1].args)

    assert found(get_search_backend(), "zqxbbarack") == {"Zqxbbarack hír"}


class RolledBack(Exception):
    pass


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_with_production_task_backend_a_rolled_back_publish_leaves_no_index_task(
    search_backend, municipality_a
):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    production = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    index_tasks = DBTaskResult.objects.filter(task_path__endswith="insert_or_update_object_task")
    with override_settings(TASKS=production):
        # the task row is written in the publishing transaction: the worker sees it only
        # once the publish is committed...
        with transaction.atomic():
            page = add_page(municipality_a, "Zqxbsargabarack hír")
            assert index_tasks.filter(args_kwargs__args__2=str(page.pk)).exists()

        # ...and a publish that is rolled back takes its task with it
        with pytest.raises(RolledBack), transaction.atomic():
            other = add_page(municipality_a, "Zqxbmirabella hír")
            other_pk = str(other.pk)
            raise RolledBack
        assert not index_tasks.filter(args_kwargs__args__2=other_pk).exists()
    # and nothing was indexed in the request itself
    assert found(search_backend, "zqxbsargabarack") == set()


@pytest.mark.parametrize("search_backend", ["database", "opensearch"], indirect=True)
def test_a_deletion_is_removed_through_the_task_queue(search_backend, municipality_a):
    from search.backends import inventory_for

    page = add_page(municipality_a, "Zqxbtorolt hír")
    model, pk = type(page), str(page.pk)
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        default_task_backend.clear()
        page.delete()

        # the delete enqueued one removal, for the page's own class, and removed nothing
        enqueued = [
            result
            for result in default_task_backend.results
            if result.task.name == "remove_object_task" and result.args[2] == pk
        ]
        assert [result.args for result in enqueued] == [
            [model._meta.app_label, model._meta.model_name, pk]
        ]
        if search_backend.kind != "database":
            # (the database's entry goes with the row: Django cascades its generic relation)
            assert pk in inventory_for(search_backend).indexed(model)

        # when the worker runs it
        enqueued[0].task.call(*enqueued[0].args)

    assert pk not in inventory_for(get_search_backend()).indexed(model)


@pytest.mark.parametrize("search_backend", ["opensearch"], indirect=True)
def test_a_moved_page_is_found_in_its_new_site_only(search_backend, municipality_a, municipality_b):
    # an engine stores each page's path and filters a site's scope on it
    section = add_page(municipality_a, "Zqxbszakasz")
    child = section.add_child(
        instance=StandardPage(title="Zqxbalatta hír", slug="zqxbalatta-hir", live=True)
    )
    child.save_revision().publish()
    assert found(search_backend, "zqxbalatta", municipality_a.root_page) == {"Zqxbalatta hír"}

    section.move(municipality_b.root_page, pos="last-child")

    assert found(search_backend, "zqxbalatta", municipality_a.root_page) == set()
    assert found(search_backend, "zqxbalatta", municipality_b.root_page) == {"Zqxbalatta hír"}
