"""``manage.py search_check`` (its output in Hungarian, as operators read it): each kind
of drift between the index and the database is found and repaired, on the database
backend and on the engine. Drift is made as it happens in life: the index update of a save
or delete did not happen (an engine that was down), imitated by switching the backend's
AUTO_UPDATE off for that one change."""

import io
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from search.backends import inventory_for
from sites.models import StandardPage

from .helpers import add_page, found

pytestmark = pytest.mark.django_db


@contextmanager
def index_not_updated():
    backends = {"default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield


def search_check(*args):
    out = io.StringIO()
    call_command("search_check", *args, "--model", "municipal.StandardPage", stdout=out)
    return out.getvalue()


def last_line(output):
    return output.strip().splitlines()[-1]


def test_a_fresh_index_has_no_drift(search_backend):
    out = io.StringIO()
    call_command("search_check", stdout=out)

    assert " 0 hiányzó, 0 elavult, 0 árva bejegyzés." in last_line(out.getvalue())
    assert "modellből 0 tér el" in last_line(out.getvalue())


def test_a_page_missing_from_the_index_is_found_and_indexed(search_backend, municipality_a):
    with index_not_updated():
        page = add_page(municipality_a, "Zqxbfenyo kivágás")
    assert found(search_backend, "zqxbfenyo") == set()

    output = search_check()
    assert "1 hiányzó, 0 elavult, 0 árva" in last_line(output)
    assert f"hiányzó (1): {page.pk}" in output

    assert "Javítva: 1 újraindexelve, 0 törölve." in last_line(search_check("--repair"))
    assert found(search_backend, "zqxbfenyo") == {"Zqxbfenyo kivágás"}
    assert "0 hiányzó, 0 elavult, 0 árva" in last_line(search_check())


def test_a_page_changed_after_it_was_indexed_is_stale_and_indexed_again(
    search_backend, municipality_a
):
    page = add_page(municipality_a, "Zqxbtolgy kivágás")
    with index_not_updated():
        page.title = "Zqxbbukk kivágás"
        page.save_revision().publish()
    assert found(search_backend, "zqxbbukk") == set()

    output = search_check()
    assert "0 hiányzó, 1 elavult, 0 árva" in last_line(output)
    assert f"elavult (1): {page.pk}" in output

    search_check("--repair")
    assert found(search_backend, "zqxbbukk") == {"Zqxbbukk kivágás"}
    assert found(search_backend, "zqxbtolgy") == set()
    assert "0 hiányzó, 0 elavult, 0 árva" in last_line(search_check())


def test_an_entry_of_a_deleted_page_is_an_orphan_and_removed(search_backend, municipality_a):
    page = add_page(municipality_a, "Zqxbnyir kivágás")
    pk = str(page.pk)
    ghost = StandardPage.objects.get(pk=page.pk)
    with index_not_updated():
        page.delete()
    if search_backend.kind == "database":
        # The database's entries go with their page (a generic relation cascades), so the
        # orphan comes from a late write: an index update that lost the race to the delete.
        search_backend.add_bulk(StandardPage, [ghost])
    assert pk in inventory_for(search_backend).indexed(StandardPage)

    output = search_check()
    assert "0 hiányzó, 0 elavult, 1 árva" in last_line(output)
    assert f"árva (1): {pk}" in output

    assert "Javítva: 0 újraindexelve, 1 törölve." in last_line(search_check("--repair"))
    assert pk not in inventory_for(search_backend).indexed(StandardPage)


def test_an_unknown_model_is_refused_with_the_indexed_ones_named(db):
    from django.core.management.base import CommandError

    refused = "Nem indexelt modell: nincs.Ilyen.*municipal.standardpage"
    with pytest.raises(CommandError, match=refused):
        call_command("search_check", "--model", "nincs.Ilyen")
