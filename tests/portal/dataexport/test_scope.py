"""The export of A carries A and nothing of B: the plan is read from the app registry, so
this is what keeps a new model's rows of B out of A's zip."""

import json
import zipfile

import pytest

from portal.dataexport.archive import export_municipality
from portal.dataexport.scope import EXCLUDED, MATCHED, plan
from sites.constants import StaffRole
from sites.demo import load_demo_site

pytestmark = pytest.mark.django_db


def test_every_municipal_model_is_in_the_plan(municipality_a):
    from django.apps import apps

    planned = {entity.label for entity in plan(municipality_a)}
    owners = {"municipal.Municipality", "wagtailcore.Site"}
    for model in apps.get_models():
        if model._meta.label in EXCLUDED | MATCHED:
            continue
        # A foreign key or a one-to-one field (a site's settings and theme) to the
        # municipality or its site puts the model in the plan.
        targets = {
            f.related_model._meta.label
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not None
        }
        if targets & owners:
            assert model._meta.label in planned
    assert {"municipal.SiteSettings", "themes.ThemeSettings"} <= planned


def test_the_export_of_a_holds_nothing_of_b(municipality_a, municipality_b, make_staff, tmp_path):
    # given: both municipalities with websites, pictures and documents, staff of each
    for municipality in (municipality_a, municipality_b):
        load_demo_site(municipality)
        make_staff(municipality, StaffRole.SITE_ADMIN, last_name=f"{municipality.slug}admin")

    # when
    path = tmp_path / "a.zip"
    manifest = export_municipality(municipality_a, path)

    # then: every row that names a municipality names A, pages and collections are A's
    with zipfile.ZipFile(path) as archive:
        for entry in manifest["entities"]:
            for line in archive.read(entry["file"]).decode().splitlines():
                fields = json.loads(line)["fields"]
                if "municipality" in fields:
                    assert fields["municipality"] == municipality_a.pk, entry["model"]
                if entry["model"] == "wagtailcore.Page":
                    assert fields["path"].startswith(municipality_a.root_page.path)
        text = b"".join(archive.read(name) for name in archive.namelist())
    assert b"felsovaradmin" not in text and b"Fels\xc5\x91v\xc3\xa1r" not in text
    assert b"alsovaradmin" in text
    rows = {entry["model"]: entry["rows"] for entry in manifest["entities"]}
    assert rows["municipal.Municipality"] == 1 and rows["auth.Group"] >= 1
    assert rows["wagtailimages.Image"] > 0 and rows["wagtaildocs.Document"] > 0
