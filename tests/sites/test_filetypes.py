"""The one allow-list of uploads (sites.filetypes): a file is what its bytes are, never what
its name or the browser says; the registry's officers and the citizens' form fields use the
same list, the registry with signed XML on top."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from services.documents.files import check_upload
from services.documents.models import Case
from services.forms.fieldtypes import field_types
from sites import filetypes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(main_type, part):
    return f'<Types><Override PartName="/{part}" ContentType="{main_type}"/></Types>'


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOCX = zipped(
    {
        "[Content_Types].xml": content_types(DOCX_TYPE, "word/document.xml"),
        "word/document.xml": "<w:document/>",
    }
)
XLSX = zipped(
    {
        "[Content_Types].xml": content_types(XLSX_TYPE, "xl/workbook.xml"),
        "xl/workbook.xml": "<workbook/>",
    }
)
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS = zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
ES3 = b'<?xml version="1.0" encoding="UTF-8"?>\n<es:Dossier xmlns:es="https://www.microsec.hu/ds/e-szigno30#"/>'
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
XHTML = (
    b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
    b"<script>alert(1)</script></html>"
)
NAMESPACED_XHTML = (
    b'<?xml version="1.0"?>\n<x:div xmlns:x="http://www.w3.org/1999/xhtml">'
    b"<x:script>alert(1)</x:script></x:div>"
)
NESTED_XHTML = (
    b'<?xml version="1.0"?>\n<adat><script xmlns="http://www.w3.org/1999/xhtml">'
    b"alert(1)</script></adat>"
)
HIDDEN_XHTML = (
    b'<?xml version="1.0"?>\n<adat><x:script xmlns:x="http://www.w3.org/1999/&#120;html">'
    b"alert(1)</x:script></adat>"
)
NESTED_SVG = b'<?xml version="1.0"?>\n<adat><svg xmlns="http://www.w3.org/2000/svg"/></adat>'
STYLED_XML = b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="x.xsl"?><a/>'
ENTITIES = b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>'
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
MACRO_DOCX = zipped(
    {
        "[Content_Types].xml": content_types(
            "application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml"
        ),
        "word/document.xml": "<w:document/>",
    }
)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.PNG", PNG, "image/png"),
        ("a.jpg", JPEG, "image/jpeg"),
        ("a.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("a.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("a.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("a.es3", ES3, "application/xml"),
    ],
)
def test_the_registry_takes_each_listed_type_by_its_content(name, content, content_type):
    assert check_upload(upload(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("level.docx", zipped({"valami.txt": "nem Word"})),  # a plain ZIP is no DOCX
        ("level.docx", zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<x/>"})),
        ("level.docx", MACRO_DOCX),  # a macro-enabled document under a .docx name
        ("tabla.xlsx", DOCX),  # a document is no workbook
        ("level.odt", zipped({"mimetype": "application/zip", "content.xml": "<x/>"})),
        ("kep.xml", SVG),
        ("oldal.xml", XHTML),
        ("oldal.es3", NAMESPACED_XHTML),
        ("adat.xml", NESTED_XHTML),  # a script in the XHTML namespace runs in any root
        ("adat.xml", HIDDEN_XHTML),  # a character reference does not hide the namespace
        ("adat.es3", NESTED_SVG),
        ("adat.xml", b'<?xml version="1.0"?>\n<adat><nyitott></adat>'),  # not well-formed
        ("adat.xml", STYLED_XML),
        ("adat.xml", ENTITIES),
        ("kep.pdf", SVG),  # XML disguised under another extension
        ("oldal.pdf", XHTML),
        ("oldal.png", HTML),
        ("kep.svg", SVG),
        ("oldal.html", HTML),
        ("level.txt", b"hello"),
        ("level", PDF),  # no extension
        ("a.pdf", PNG),  # a right name over the wrong content
    ],
)
def test_the_registry_refuses_what_is_not_what_its_name_says(name, content):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert refused.value.code == "file_type"


def test_an_empty_or_oversized_file_is_refused_before_its_content_is_read(settings):
    settings.DOCUMENTS_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as empty:
        check_upload(upload("a.pdf", b""))
    with pytest.raises(ValidationError) as large:
        check_upload(upload("a.pdf", PDF + b"0" * 1024 * 1024))
    assert (empty.value.code, large.value.code) == ("empty", "file_size")


def test_citizens_and_officers_use_the_same_list_and_only_the_registry_takes_xml():
    citizen = set(filetypes.CITIZEN_EXTENSIONS)
    registry = set(filetypes.REGISTRY_EXTENSIONS)
    assert citizen < registry
    assert registry - citizen == {"xml", "es3"}
    field = field_types["file"]()
    with pytest.raises(ValidationError):
        field.clean_value(upload("a.xml", ES3), {"allowed_types": ["pdf", "xml"]}, None)
    assert field.validate_options({"allowed_types": ["xml"]})  # a form may not even ask
    assert field.clean_value(upload("a.ods", ODS), {"allowed_types": ["ods"]}, None)[
        "content_type"
    ] == ("application/vnd.oasis.opendocument.spreadsheet")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("level.docx", zipped({"a.txt": "x"})), ("kep.xml", SVG), ("oldal.pdf", XHTML)],
)
def test_an_officers_disguised_upload_is_refused_in_hungarian(
    client, officer_a, municipality_a, name, content
):
    from services.documents.casetypes import case_types

    client.force_login(officer_a)
    data = {
        "case_type": case_types(municipality_a).get(code="B-230").pk,
        "subject": "Fakivágás",
        "client_kind": "person",
        "client_name": "Tóth Gábor",
        "received_on": timezone.localdate().isoformat(),
        "fee": "0",
        "initiated_by_request": "on",
        "document_subject": "Kérelem",
        "files": upload(name, content),
    }

    response = client.post(reverse("documents_admin:new_case", args=[municipality_a.pk]), data)

    assert response.status_code == 400
    assert "Ezek közül a típusok közül töltsön fel fájlt" in response.content.decode()
    assert not Case.objects.for_municipality(municipality_a).exists()
