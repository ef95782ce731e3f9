"""Attachments: checked by content against the field's types, size-limited, kept with the
draft, never served as HTML/SVG, and only to their owner and the municipality's officers."""

import pytest

from services.forms import services as forms
from services.forms.models import SubmissionFile

from .conftest import (
    PDF,
    PNG,
    client_for,
    fill_all,
    pdf,
    reference_of,
    start,
    step_url,
    submit,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

DOCX = zip_bytes(
    {
        "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "word/document.xml": "<w:document/>",
    }
)
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def attach(client, form, reference, file):
    return client.post(
        step_url(form, reference, "mellekletek"), {"igazolas": file, "action": "save_step"}
    )


def stored_files(form, reference):
    return list(
        SubmissionFile.objects.for_municipality(form.municipality).filter(
            submission__reference=reference
        )
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("igazolas.pdf", PNG),  # a right name over the wrong content
        ("igazolas.png", PDF + b"x"),
        ("igazolas.docx", zip_bytes({"valami.txt": "nem Word"})),  # any ZIP is not a DOCX
        ("igazolas.odt", zip_bytes({"mimetype": "application/zip", "content.xml": "<x/>"})),
        ("igazolas.svg", SVG),
        ("igazolas.html", HTML),
        ("igazolas.pdf", HTML),
        ("igazolas", PDF + b"x"),  # no extension
        ("igazolas.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),  # a JPEG, but the field takes none
    ],
)
def test_files_that_are_not_what_the_field_accepts_are_refused(
    citizen_client, wizard_form, name, content
):
    reference = reference_of(start(citizen_client, wizard_form))

    response = attach(citizen_client, wizard_form, reference, upload(name, content, "text/html"))

    assert response.status_code == 400
    assert "Ezek közül a típusok közül töltsön fel fájlt: pdf, png, docx, odt" in (
        response.content.decode()
    )
    assert stored_files(wizard_form, reference) == []


def test_a_file_over_the_fields_limit_is_refused(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))

    response = attach(citizen_client, wizard_form, reference, pdf(size=1024 * 1024 + 1))

    assert response.status_code == 400
    assert "A fájl túl nagy: legfeljebb 1 MB fogadható el." in response.content.decode()
    assert stored_files(wizard_form, reference) == []


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("igazolas.pdf", PDF + b"x", "application/pdf"),
        ("kep.png", PNG, "image/png"),
        (
            "level.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("level.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_files_are_kept_with_the_draft_under_a_type_from_their_content(
    citizen_client, wizard_form, name, content, content_type
):
    reference = reference_of(start(citizen_client, wizard_form))

    response = attach(citizen_client, wizard_form, reference, upload(name, content, "text/html"))

    assert response.status_code == 200
    assert name in response.content.decode()  # shown back by name
    (stored,) = stored_files(wizard_form, reference)
    assert stored.original_name == name and stored.content_type == content_type
    assert name not in stored.file.name  # the citizen's name never reaches the storage path


def test_an_attachment_is_replaced_and_removed(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    attach(citizen_client, wizard_form, reference, pdf("elso.pdf"))
    attach(citizen_client, wizard_form, reference, pdf("masodik.pdf"))
    assert [f.original_name for f in stored_files(wizard_form, reference)] == ["masodik.pdf"]

    response = citizen_client.post(
        step_url(wizard_form, reference, "mellekletek"), {"action": "remove_file:igazolas"}
    )

    assert response.status_code == 200
    assert stored_files(wizard_form, reference) == []
    assert "masodik.pdf" not in response.content.decode()


def test_a_required_file_must_be_there_to_go_on(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))

    response = citizen_client.post(
        step_url(wizard_form, reference, "mellekletek"), {"action": "next"}
    )

    assert response.status_code == 400
    assert "Töltse ki ezt a mezőt." in response.content.decode()


def test_the_draft_file_is_the_submitted_file_once_only(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference, attachment=pdf("sajat.pdf", b"egyedi"))

    submit(citizen_client, wizard_form, reference)

    (stored,) = stored_files(wizard_form, reference)
    assert stored.original_name == "sajat.pdf"
    assert stored.submission.status == "submitted"


def file_url(form, reference, key="igazolas"):
    return f"/beadvany/{form.municipality.slug}/{reference}/fajl/{key}/"


def test_files_are_served_as_attachments_with_a_safe_type(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    attach(citizen_client, wizard_form, reference, pdf("sajat.pdf", b"egyedi"))

    response = citizen_client.get(file_url(wizard_form, reference))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).endswith(b"egyedi")


def test_files_reach_only_their_owner_and_the_municipalitys_officers(
    citizen_client, other_client, wizard_form, officer_a, officer_b, municipality_b
):
    reference = reference_of(start(citizen_client, wizard_form))
    attach(citizen_client, wizard_form, reference, pdf())
    officer_a_client, officer_b_client = client_for(officer_a), client_for(officer_b)

    # A draft is the citizen's alone.
    assert other_client.get(file_url(wizard_form, reference)).status_code == 404
    assert officer_a_client.get(file_url(wizard_form, reference)).status_code == 404

    fill_all(citizen_client, wizard_form, reference)
    submit(citizen_client, wizard_form, reference)

    assert citizen_client.get(file_url(wizard_form, reference)).status_code == 200
    assert officer_a_client.get(file_url(wizard_form, reference)).status_code == 200
    assert other_client.get(file_url(wizard_form, reference)).status_code == 404
    assert officer_b_client.get(file_url(wizard_form, reference)).status_code == 404
    # Nor through the other municipality's address.
    wrong_host = f"/beadvany/{municipality_b.slug}/{reference}/fajl/igazolas/"
    assert officer_b_client.get(wrong_host).status_code == 404
    assert citizen_client.get(wrong_host).status_code == 404


def test_attach_draft_file_refuses_a_field_that_is_not_a_file(citizen, wizard_form):
    draft = forms.save_draft(wizard_form, {}, submitter=citizen)

    with pytest.raises(forms.SubmissionInvalid):
        forms.attach_draft_file(draft, "email", pdf())
