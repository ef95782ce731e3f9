"""What the import refuses before it writes anything: a file that is not an export, a
damaged member, another schema, a municipality the installation already has."""

import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.dataexport.archive import export_municipality
from portal.dataexport.restore import ImportRefused, import_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(municipality_a, tmp_path):
    path = tmp_path / "alsovar.zip"
    export_municipality(municipality_a, path)
    return path


def _rewrite(path, change):
    """A copy of the export with one member (or the manifest) changed."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    copy = path.with_name("changed.zip")
    with zipfile.ZipFile(copy, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return copy


def test_the_manifest_counts_and_hashes_every_member(export):
    with zipfile.ZipFile(export) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert set(manifest["files"]) == set(archive.namelist()) - {"manifest.json"}
    assert manifest["schema_version"] == 1
    assert manifest["municipality"]["slug"] == "alsovar"
    rows = {entry["model"]: entry["rows"] for entry in manifest["entities"]}
    assert rows["municipal.Municipality"] == 1 and rows["wagtailcore.Site"] == 1
    assert "dataexport.ExportJob" not in rows and "wagtailimages.Rendition" not in rows


def test_a_changed_member_is_refused_naming_it(export):
    def damage(members):
        members["data/wagtailcore.Page.jsonl"] += b"\n"

    with pytest.raises(ImportRefused, match="wagtailcore.Page.jsonl"):
        import_municipality(_rewrite(export, damage))


def test_an_unlisted_member_is_refused(export):
    def smuggle(members):
        members["data/auth.Extra.jsonl"] = b"{}"

    with pytest.raises(ImportRefused, match="auth.Extra.jsonl"):
        import_municipality(_rewrite(export, smuggle))


def test_another_schema_version_or_migration_state_is_refused(export):
    def newer(members):
        manifest = json.loads(members["manifest.json"])
        manifest["migrations"]["tax"] = "9999_future"
        members["manifest.json"] = json.dumps(manifest).encode()

    with pytest.raises(ImportRefused, match="tax"):
        import_municipality(_rewrite(export, newer))


def test_a_municipality_already_here_is_refused(export):
    with pytest.raises(ImportRefused, match="Alsóvár"):
        import_municipality(export)


def test_the_command_says_what_is_wrong_without_a_traceback(tmp_path):
    not_a_zip = tmp_path / "x.zip"
    not_a_zip.write_bytes(b"PK? no")
    with pytest.raises(CommandError):
        call_command("import_municipality", str(not_a_zip))
    with pytest.raises(CommandError):
        call_command("import_municipality", str(tmp_path / "missing.zip"))
