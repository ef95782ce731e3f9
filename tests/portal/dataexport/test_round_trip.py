"""Issue #20's "done when": the demo municipality's export restores into an empty
installation with the same counts and checksums.

The empty installation is a copy of the test database as the migrations left it
(``createdb --template``: seconds, where migrating a new database takes minutes), made
before the test adds anything. The import and a second export run in subprocesses against
it, as an operator would run them; the second export must equal the first: the same rows
per entity, byte for byte the same JSON Lines (the accounts aside: their operator flag is
dropped on import; this demo has no operator among them), the same files with the same
SHA-256."""

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections

from portal.dataexport.archive import export_municipality
from portal.operations.backup import _pg_env
from services.commerce.demo import load_demo as load_commerce_demo
from services.documents.demo import load_demo as load_registry_demo
from services.forms.demo import load_demo as load_forms_demo
from services.tax.demo import load_demo as load_tax_demo
from sites.constants import StaffRole
from sites.demo import load_demo_site
from sites.models import SiteSettings

BASE_DIR = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_installation():
    """A database as ``manage.py migrate`` leaves it, dropped after the test."""
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_import_target"
    env = _pg_env(settings_dict)
    connections.close_all()  # createdb copies a template only while nobody is connected
    subprocess.run(["dropdb", "--if-exists", name], env=env, check=True, capture_output=True)
    for attempt in range(5):
        # A connection another thread is still closing makes PostgreSQL refuse the copy.
        made = subprocess.run(
            ["createdb", "--template", settings_dict["NAME"], name],
            env=env,
            capture_output=True,
            text=True,
        )
        if made.returncode == 0:
            break
        time.sleep(1 + attempt)
    assert made.returncode == 0, made.stderr
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    yield f"postgres://{user}{password}@{host}:{port}/{name}"
    subprocess.run(["dropdb", "--if-exists", name], env=env, capture_output=True)


def _manage(database_url, tmp_path, *arguments):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "DJANGO_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / "target" / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "target" / "private_media"),
    )
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _manifest(path):
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


@pytest.fixture
def demo_municipality(empty_installation, provision, make_staff):
    """Eger as the demo makes it, with a smaller tax office: its website (pages, pictures,
    PDFs), published forms, complaints registered with files, the trade register."""
    eger = provision(name="Eger", slug="eger", ksh_code="20491", county="Heves")
    make_staff(eger, StaffRole.SITE_ADMIN, username="webadmin")
    load_forms_demo(eger)
    load_demo_site(eger)
    load_registry_demo(eger)
    load_tax_demo(eger, size=30)
    load_commerce_demo(eger)
    SiteSettings.for_site(eger.site)  # one-to-one with the site, made on first use
    return eger


def test_the_demo_municipality_restores_with_the_same_counts_and_checksums(
    demo_municipality, empty_installation, tmp_path
):
    # given: the export of the demo municipality
    first = tmp_path / "eger.zip"
    manifest = export_municipality(demo_municipality, first)
    rows = {entry["model"]: entry["rows"] for entry in manifest["entities"]}
    assert rows["wagtailcore.Page"] > 20 and rows["wagtailimages.Image"] > 0
    assert rows["documents.Case"] > 0 and rows["documents.Document"] > 0
    assert rows["tax.Taxpayer"] >= 30 and rows["commerce.Trader"] > 0
    assert rows["municipal.StaffMembership"] >= 1 and rows["auth.User"] >= 1
    assert rows["municipal.SiteSettings"] == 1
    assert any(name.startswith("files/private/") for name in manifest["files"])
    assert any(name.startswith("files/default/") for name in manifest["files"])

    # when: it is imported into the empty installation and exported again from there
    done = _manage(empty_installation, tmp_path, "import_municipality", str(first))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "checksums and counts verified" in done.stdout or "ellenőrizve" in done.stdout
    second = tmp_path / "eger-again.zip"
    arguments = ["export_municipality", "eger", "--output", str(second), "--now"]
    done = _manage(empty_installation, tmp_path, *arguments)
    assert done.returncode == 0, done.stderr[-3000:]

    # then: the same rows per entity and the same files, byte for byte
    again = _manifest(second)
    assert {e["model"]: e["rows"] for e in again["entities"]} == rows
    members = {name: item["sha256"] for name, item in manifest["files"].items()}
    members_again = {name: item["sha256"] for name, item in again["files"].items()}
    assert members_again.keys() == members.keys()
    differ = sorted(name for name in members if members[name] != members_again[name])
    assert differ == []
    # and no account came with a way to log in or with the operator's rights
    with psycopg.connect(empty_installation) as target:
        usable = target.execute(
            "SELECT count(*) FROM auth_user WHERE password NOT LIKE '!%' OR is_superuser"
        ).fetchone()[0]
        accounts = target.execute("SELECT count(*) FROM auth_user").fetchone()[0]
    assert usable == 0 and accounts == rows["auth.User"]
