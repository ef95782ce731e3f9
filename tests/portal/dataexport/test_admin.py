"""The admin's export screen: who may start an export, of which municipality, and who may
download it."""

import io
import zipfile

import pytest
from django.urls import reverse

from portal.dataexport.models import ExportJob, ExportState
from sites.constants import StaffRole

pytestmark = pytest.mark.django_db


def test_a_site_admin_exports_their_municipality_and_downloads_the_zip(
    client, municipality_a, make_staff, django_capture_on_commit_callbacks
):
    admin = make_staff(municipality_a, StaffRole.SITE_ADMIN)
    client.force_login(admin)
    page = client.get(reverse("dataexport_admin:index"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["municipality"].queryset) == [municipality_a]

    # when: the export is started (the immediate task backend runs it at once)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dataexport_admin:start"), {"municipality": municipality_a.pk}, follow=True
        )

    # then: it is done, listed, and its zip holds the municipality and a manifest
    assert response.status_code == 200
    job = ExportJob.objects.for_municipality(municipality_a).get()
    assert job.state == ExportState.DONE and job.requested_by == admin
    assert job.rows > 0 and job.size > 0 and len(job.sha256) == 64
    download = client.get(reverse("dataexport_admin:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    # the hardened download of sites.downloads: a private attachment a browser won't sniff
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "private, no-store" in download["Cache-Control"]
    assert "no-store" in download["Cache-Control"]
    content = b"".join(download.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "manifest.json" in archive.namelist()
        assert "data/municipal.Municipality.jsonl" in archive.namelist()
    job.refresh_from_db()
    assert [entry["user"] for entry in job.downloads] == [admin.pk]


def test_another_municipalitys_admin_sees_nothing_and_gets_404(
    client, municipality_a, municipality_b, make_staff
):
    job = ExportJob.objects.create(municipality=municipality_b, state=ExportState.DONE)
    client.force_login(make_staff(municipality_a, StaffRole.SITE_ADMIN))
    page = client.get(reverse("dataexport_admin:index"))
    assert job not in page.context["jobs"]
    assert client.get(reverse("dataexport_admin:download", args=[job.pk])).status_code == 404
    # B is not among the choices: posting it is refused with a Hungarian message, not run
    refused = client.post(reverse("dataexport_admin:start"), {"municipality": municipality_b.pk})
    assert refused.status_code == 400
    assert ExportJob.objects.for_municipality(municipality_b).count() == 1


@pytest.mark.parametrize("role", [StaffRole.EDITOR, StaffRole.OFFICER])
def test_staff_who_are_not_site_admins_may_not_export(client, municipality_a, make_staff, role):
    client.force_login(make_staff(municipality_a, role))
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert client.get(reverse("dataexport_admin:index")).status_code == 302
    response = client.post(reverse("dataexport_admin:start"), {"municipality": municipality_a.pk})
    assert response.status_code == 302
    assert not ExportJob.objects.for_municipality(municipality_a).exists()


def test_an_operator_chooses_any_municipality(client, operator, municipality_a, municipality_b):
    client.force_login(operator)
    page = client.get(reverse("dataexport_admin:index"))
    choices = set(page.context["form"].fields["municipality"].queryset)
    assert {municipality_a, municipality_b} <= choices


def test_garbage_in_the_form_is_a_400_with_a_hungarian_message(client, operator, municipality_a):
    client.force_login(operator)
    response = client.post(reverse("dataexport_admin:start"), {"municipality": "x\x00"})
    assert response.status_code == 400
    assert not ExportJob.objects.for_municipality(municipality_a).exists()


def test_a_second_start_while_one_runs_starts_nothing(client, municipality_a, make_staff):
    ExportJob.objects.create(municipality=municipality_a, state=ExportState.RUNNING)
    client.force_login(make_staff(municipality_a, StaffRole.SITE_ADMIN))
    response = client.post(
        reverse("dataexport_admin:start"), {"municipality": municipality_a.pk}, follow=True
    )
    assert response.status_code == 200
    assert ExportJob.objects.for_municipality(municipality_a).count() == 1
    assert "already running" in response.content.decode() or "már fut" in response.content.decode()


def test_a_running_export_shows_its_progress_and_a_failed_one_its_error(
    client, municipality_a, make_staff, monkeypatch, django_capture_on_commit_callbacks
):
    from portal.dataexport import services

    running = ExportJob.objects.create(municipality=municipality_a, state=ExportState.RUNNING)
    services.cache.set(services._progress_key(running), (40, 174))
    client.force_login(make_staff(municipality_a, StaffRole.SITE_ADMIN))
    page = client.get(reverse("dataexport_admin:index")).content.decode()
    assert 'max="174" value="40"' in page
    running.delete()

    def broken(*args, **kwargs):
        raise OSError("the disk is full")

    monkeypatch.setattr(services, "export_municipality", broken)
    # (the task backend keeps the task's exception as its result: the job's row says it)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_export(municipality_a)
    job = ExportJob.objects.for_municipality(municipality_a).get()
    assert job.state == ExportState.FAILED and "disk is full" in job.error
    assert "disk is full" in client.get(reverse("dataexport_admin:index")).content.decode()
