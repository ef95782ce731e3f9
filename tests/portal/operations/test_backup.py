"""The backup and the restore drill on the real PostgreSQL (pg_dump / pg_restore), with files
in both storages. The drill on the whole demo runs in tests/portal/test_make_run_on_sqlite.py."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.operations import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(municipality_a):
    storages["default"].save("kepek/varoshaza.jpg", ContentFile(b"\xff\xd8 public image"))
    storages["private"].save("iktatas/2026/hatarozat.pdf", ContentFile(b"%PDF-1.7 decision"))
    return municipality_a


def test_a_backup_restores_with_the_same_rows_and_files(content, tmp_path, capsys):
    folder = backup.backup(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["vendor"] == "postgresql"
    assert manifest["tables"]["municipal_municipality"] == 1
    assert set(manifest["files"]) == {
        "default/kepek/varoshaza.jpg",
        "private/iktatas/2026/hatarozat.pdf",
    }
    report = backup.restore_drill(folder, scratch_folder=tmp_path / "scratch")
    assert report["problems"] == []
    assert report["files"] == 2 and report["tables"] > 100 and report["rows"] > 0


def test_the_drill_finds_a_damaged_file_and_a_wrong_count(content, tmp_path):
    folder = backup.backup(tmp_path / "backups")
    (folder / "files" / "private" / "iktatas" / "2026" / "hatarozat.pdf").write_bytes(b"x")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"]["municipal_municipality"] = 2
    (folder / "manifest.json").write_text(json.dumps(manifest))
    report = backup.restore_drill(folder, scratch_folder=tmp_path / "scratch")
    assert sorted(report["problems"]) == [
        "file private/iktatas/2026/hatarozat.pdf: checksum differs",
        "table municipal_municipality: 1 rows, expected 2",
    ]


def test_the_command_restores_the_newest_backup_and_fails_loudly(content, tmp_path, settings):
    settings.BACKUP_DIR = str(tmp_path / "backups")
    call_command("backup")
    call_command("restore_drill")  # passes: no CommandError
    newest = backup.latest()
    (newest / "database.dump").write_bytes(b"not a dump")
    with pytest.raises(CommandError, match="pg_restore"):
        call_command("restore_drill")


def test_no_backup_yet_is_a_clear_error(tmp_path, settings):
    settings.BACKUP_DIR = str(tmp_path / "none")
    with pytest.raises(CommandError):
        call_command("restore_drill")
