"""The retention command: lists cases past retention, marks them, writes the CSV."""

import csv

import pytest
from django.core.management import call_command
from django.utils import timezone

from services.documents import services
from services.documents.constants import AuditAction, RetentionMark
from services.documents.models import AuditEvent, Case

from .conftest import new_case

pytestmark = pytest.mark.django_db


def closed(municipality, code, officer):
    case = new_case(municipality, code=code)
    services.assign(case, officer)
    services.close(case)
    case.refresh_from_db()
    return case


def test_retention_report_and_marking(
    tmp_path, municipality_a, municipality_b, officer_a, officer_b
):
    disposable = closed(municipality_a, "B-220", officer_a)  # 5 years, S
    archival = closed(municipality_a, "A-101", officer_a)  # 15 years, NS
    forever = closed(municipality_a, "B-260", officer_a)  # HN
    other = closed(municipality_b, "B-220", officer_b)
    assert forever.retention_ends_on is None
    year = timezone.localdate().year
    report = tmp_path / "jelentes.csv"
    # in six years only the 5-year case is due
    call_command(
        "retention_report",
        "--as-of",
        f"{year + 6}-01-01",
        "--output",
        str(report),
        "--municipality",
        "alsovar",
    )
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig"), delimiter=";"))
    assert [r["iktatoszam"] for r in rows] == [disposable.registry_number]
    assert rows[0]["irattari_tetelszam"] == "B-220"
    # in sixteen years both, and --mark marks them
    call_command(
        "retention_report", "--as-of", f"{year + 16}-01-01", "--output", str(report), "--mark"
    )
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig"), delimiter=";"))
    assert {r["iktatoszam"] for r in rows} == {
        disposable.registry_number,
        archival.registry_number,
        other.registry_number,
    }
    marks = dict(Case.objects.unscoped().values_list("pk", "retention_mark"))
    assert marks[disposable.pk] == RetentionMark.DESTROY
    assert marks[archival.pk] == RetentionMark.ARCHIVE
    assert marks[forever.pk] == ""
    assert (
        AuditEvent.objects.for_municipality(municipality_a)
        .filter(action=AuditAction.RETENTION)
        .count()
        == 2
    )
    # a second run finds nothing new
    call_command("retention_report", "--as-of", f"{year + 16}-01-01", "--output", str(report))
    assert len(report.read_text(encoding="utf-8-sig").splitlines()) == 1


def test_a_bad_date_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("retention_report", "--as-of", "tegnap", "--output", str(tmp_path / "x.csv"))
