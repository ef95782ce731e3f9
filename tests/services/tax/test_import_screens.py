"""The officers' import screens (services/tax/admin_imports.py): a CSV uploaded, imported by
the background job, its outcome with the wrong lines by number (and as a CSV), the same
file again unchanged, the upload's file checks, the progress while it runs, and who may."""

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services.tax import services as tax
from services.tax.models import ImportJob, RunState, Taxpayer
from sites.constants import StaffRole

pytestmark = pytest.mark.django_db
SAMPLES = settings.BASE_DIR / "data" / "tax" / "samples"


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TAX_OFFICER, username="adougyintezo_a")


@pytest.fixture
def desk(client, tax_officer_a):
    client.force_login(tax_officer_a)
    return client


def url(name, municipality, *args):
    return reverse(f"tax_admin:{name}", args=[municipality.pk, *args])


def upload(desk, municipality, content, *, kind="taxpayers", name="adozok.csv", partial=False):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content, "text/csv")}
    if partial:
        data["partial"] = "on"
    return desk.post(url("import_upload", municipality), data)


def run(desk, municipality, content, capture, **options):
    """Upload and let the job run as the request's commit would (the immediate backend)."""
    with capture(execute=True):
        response = upload(desk, municipality, content, **options)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.for_municipality(municipality).latest("pk")
    assert response["Location"] == url("import_job", municipality, job.pk)
    return job


def test_a_register_is_imported_and_the_same_file_again_is_unchanged(
    desk, municipality_a, tax_officer_a, django_capture_on_commit_callbacks
):
    content = (SAMPLES / "taxpayers.csv").read_bytes()

    first = run(desk, municipality_a, content, django_capture_on_commit_callbacks)
    again = run(desk, municipality_a, content, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    again.refresh_from_db()
    assert (first.state, first.applied, first.rows, first.created) == (RunState.DONE, True, 5, 5)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 5)
    assert Taxpayer.objects.for_municipality(municipality_a).count() == 5
    # who and when, and the uploaded bytes not kept once the registers hold them
    assert first.started_by == tax_officer_a and first.finished_at is not None
    assert bytes(first.content) == b""
    page = desk.get(url("import_job", municipality_a, again.pk)).content.decode()
    assert "Változatlan" in page and "window.location.reload" not in page
    assert "Ugyanezt a fájlt korábban is importálták" in page
    assert url("import_job", municipality_a, first.pk) in page
    listing = desk.get(url("imports", municipality_a)).content.decode()
    assert listing.count("adozok.csv") == 2 and "Adó" in listing  # the officer's name


def test_wrong_lines_are_reported_by_number_in_hungarian_and_nothing_is_imported(
    desk, municipality_a, django_capture_on_commit_callbacks
):
    lines = (SAMPLES / "taxpayers.csv").read_text(encoding="utf-8-sig").splitlines()
    # line 3: an identifier with a wrong check digit; line 5: no date
    lines[2] = lines[2].replace("8000477122", "8000477123")
    lines[4] = lines[4].rsplit(";", 1)[0] + ";"
    content = "\n".join(lines).encode()

    job = run(desk, municipality_a, content, django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.applied is False and [line for line, _m in job.line_errors] == [3, 5]
    assert (job.created, job.unchanged) == (0, 0)  # counts of what was written: nothing
    assert not Taxpayer.objects.for_municipality(municipality_a).exists()
    page = desk.get(url("import_job", municipality_a, job.pk)).content.decode()
    assert "semmi nem került" in page.lower() or "nem importált" in page.lower(), page
    # the wrong lines to download, in Hungarian, by line number
    rows = list(
        csv.reader(
            io.StringIO(
                desk.get(url("import_errors", municipality_a, job.pk)).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows[0] == ["Sor", "Hiba"]
    assert [row[0] for row in rows[1:]] == ["3", "5"]
    assert "hatályos" in rows[2][1]

    # with "the good lines only", the other three are imported
    partial = run(desk, municipality_a, content, django_capture_on_commit_callbacks, partial=True)
    partial.refresh_from_db()
    assert (partial.applied, partial.created, len(partial.line_errors)) == (True, 3, 2)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("adozok.csv", b"", "üres"),
        ("adozok.xlsx", b"PK\x03\x04 a workbook", "csv, txt"),
        ("adozok.csv", b"PK\x03\x04 a workbook", "CSV UTF-8"),
        ("adozok.csv", "név;cím\nKiss;Eger\n".encode("latin-1"), "UTF-8"),
        ("adozok.csv", "név;cím\nKiss;Eger\n".encode(), "Hiányzó oszlopok"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_at_the_upload(
    desk, municipality_a, name, content, message
):
    response = upload(desk, municipality_a, content, name=name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.for_municipality(municipality_a).exists()


def test_a_file_over_the_limit_is_refused(desk, municipality_a, monkeypatch):
    from services.tax import admin_imports

    monkeypatch.setattr(admin_imports, "MAX_IMPORT_MB", 0)
    response = upload(desk, municipality_a, (SAMPLES / "taxpayers.csv").read_bytes())

    assert response.status_code == 400
    assert "túl nagy" in response.content.decode()


def test_a_running_import_shows_its_progress_and_reloads_itself(desk, municipality_a):
    # queued, as the database backend leaves it until the worker takes it
    job = tax.create_import_job(
        municipality_a, "taxpayers", (SAMPLES / "taxpayers.csv").read_bytes(), file_name="a.csv"
    )
    from django.core.cache import cache

    cache.set(f"tax-import-progress:{municipality_a.pk}:{job.pk}", (2, 5))

    page = desk.get(url("import_job", municipality_a, job.pk)).content.decode()

    assert '<progress id="import-progress" max="5" value="2">' in page
    assert "window.location.reload" in page and 'nonce="' in page
    # the worker then runs it, and the page shows the outcome
    tax.run_import_job(job)
    page = desk.get(url("import_job", municipality_a, job.pk)).content.decode()
    assert "<progress" not in page and job.created == 5


def test_a_job_is_run_once(municipality_a):
    job = tax.create_import_job(
        municipality_a, "taxpayers", (SAMPLES / "taxpayers.csv").read_bytes(), file_name="a.csv"
    )
    tax.run_import_job(job)
    again = tax.run_import_job(ImportJob.objects.for_municipality(municipality_a).get(pk=job.pk))

    assert again.created == 5 and again.unchanged == 0


def test_only_a_tax_officer_imports(client, make_staff, municipality_a):
    officer = make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")
    client.force_login(officer)

    assert client.get(url("imports", municipality_a)).status_code in (403, 404)
    response = upload(client, municipality_a, (SAMPLES / "taxpayers.csv").read_bytes())
    assert response.status_code in (403, 404)
    assert not ImportJob.objects.for_municipality(municipality_a).exists()


def test_the_screens_kinds_are_the_imports_kinds():
    from services.tax.models import ImportKind

    assert list(ImportKind.values) == list(tax.IMPORT_KINDS)


def test_a_job_the_worker_lost_is_marked_failed_in_hungarian(desk, municipality_a, settings):
    # given a job queued two hours ago, one running since then, and a fresh one
    settings.TAX_IMPORT_TIMEOUT_MINUTES = 60
    content = (SAMPLES / "taxpayers.csv").read_bytes()
    lost, crashed, fresh = (
        tax.create_import_job(municipality_a, "taxpayers", content, file_name=f"{n}.csv")
        for n in ("lost", "crashed", "fresh")
    )
    from django.utils import timezone

    two_hours_ago = timezone.now() - timezone.timedelta(hours=2)
    jobs = ImportJob.objects.for_municipality(municipality_a)
    jobs.filter(pk=lost.pk).update(created_at=two_hours_ago)
    jobs.filter(pk=crashed.pk).update(
        created_at=two_hours_ago, state=RunState.RUNNING, started_at=two_hours_ago
    )
    # when the officer opens the job's page
    page = desk.get(url("import_job", municipality_a, lost.pk)).content.decode()
    # then the lost ones have failed with a message that says what to do
    assert "nem fejeződött be" in page
    states = dict(jobs.values_list("pk", "state"))
    assert states == {lost.pk: RunState.FAILED, crashed.pk: RunState.FAILED, fresh.pk: "queued"}
    assert jobs.get(pk=crashed.pk).content == b""
    # and the worker, if it comes back, does not run a failed job
    assert tax.run_import_job(jobs.get(pk=lost.pk)).created == 0
    assert tax.run_import_job(jobs.get(pk=fresh.pk)).created == 5
