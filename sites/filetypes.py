"""The one allow-list of uploaded files, checked by their content.

Every upload a person makes — a citizen's attachment in a form, an officer's file put in
the registry — is accepted only when its bytes are what its name says: the first bytes of
the type, and for the ZIP-based formats the members that make a ZIP a document (any ZIP
starts with the same four bytes, so a plain archive renamed ``.docx`` is refused). The
browser's claimed type is never read, and what a file is served as later is derived from
the checked content.

What is on the list and why:

- PDF, JPEG, PNG, TIFF: documents and scans.
- DOCX, XLSX (Office Open XML: ``[Content_Types].xml`` naming the main part of a document
  or a workbook), ODT, ODS (OpenDocument: a ``mimetype`` member naming the type): office
  files. Macro-enabled variants (``.docm``…) name another main part and are refused.
- ASiC-E (``.asice``): the EU's signed container, a ZIP with its ``mimetype`` member.
- XML (``.xml``, ``.es3`` — e-Szignó's signed dossier) only where a service needs it: the
  registry takes signed documents, a citizen's form field does not. XML that a browser
  would run or render is refused whatever its name: an SVG, XHTML or XSLT element
  anywhere, an (X)HTML root, a document type declaration (entity expansion) or an
  ``xml-stylesheet`` instruction.
- Plain text is not on the list: a browser may take any text for HTML, and nothing the
  services need is only text.
"""

import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
# How much of an XML file is read to find its root element: the prolog and the root's tag.
XML_HEAD = 64 * 1024


@dataclass(frozen=True)
class Kind:
    """One kind of file: its name for people, what it is served as, and how its content is
    recognised (a callable given the file, positioned at 0, returning True or False)."""

    label: str
    content_type: str
    matches: object


def _starts_with(*signatures):
    def matches(upload):
        head = upload.read(16)
        return any(head.startswith(signature) for signature in signatures)

    return matches


def _zip_members(upload):
    """The member names of a ZIP file, or None when it is not one. Only the central
    directory is read: nothing is unpacked."""
    if upload.read(4) != ZIP_MAGIC:
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None


def _read_member(upload, name, limit):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive, archive.open(name) as member:
            return member.read(limit)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError):
        return b""


def _office_open_xml(main_part, main_content_type):
    """A DOCX or XLSX: ``[Content_Types].xml`` declares the main part with its type."""

    def matches(upload):
        names = _zip_members(upload)
        if names is None:
            return False
        if "[Content_Types].xml" not in names or main_part not in names:
            return False
        declared = _read_member(upload, "[Content_Types].xml", 256 * 1024)
        return main_content_type.encode() in declared

    return matches


def _zip_with_mimetype(mimetype):
    """OpenDocument and ASiC: a ``mimetype`` member whose content names the type."""

    def matches(upload):
        names = _zip_members(upload)
        if names is None or "mimetype" not in names:
            return False
        declared = _read_member(upload, "mimetype", 100)
        return declared.decode("ascii", "replace").strip() == mimetype

    return matches


# Namespaces whose elements a browser renders or runs wherever they are in an XML
# document (an XHTML <script> inside any root runs when the file is opened), and root
# names that are pages or style sheets whatever their namespace.
ACTIVE_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "/xsl/")
ACTIVE_XML_ROOTS = {"svg", "html", "xhtml", "xsl", "stylesheet", "transform"}
ACTIVE_XML_MARKERS = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _inert_xml(upload):
    """Well-formed XML that no browser would run: no SVG, XHTML or XSLT element anywhere
    and no (X)HTML root, no document type (so no entity to expand, no external fetch) and
    no style sheet instruction. The whole file is parsed (by the parser, so character
    references in a namespace cannot hide it); a DOCTYPE is refused before parsing."""
    head = upload.read(XML_HEAD)
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if not text.lstrip().startswith(b"<?xml") or ACTIVE_XML_MARKERS.search(head):
        return False
    upload.seek(0)
    root = True
    try:
        for event, item in ElementTree.iterparse(upload, events=("start", "end", "pi")):
            if event == "pi":
                if (item.text or "").lstrip().lower().startswith("xml-stylesheet"):
                    return False
                continue
            if event == "end":
                item.clear()  # a large file is read, not kept
                continue
            namespace, _brace, local = item.tag.lstrip("{").rpartition("}")
            if any(active in namespace.lower() for active in ACTIVE_NAMESPACES):
                return False
            if root and local.lower() in ACTIVE_XML_ROOTS:
                return False
            root = False
    except ElementTree.ParseError:
        return False
    return not root


KINDS = {
    "pdf": Kind("PDF", "application/pdf", _starts_with(b"%PDF-")),
    "jpeg": Kind("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "png": Kind("PNG", "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "tiff": Kind("TIFF", "image/tiff", _starts_with(b"II*\x00", b"MM\x00*")),
    "docx": Kind(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _office_open_xml(
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
    ),
    "xlsx": Kind(
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _office_open_xml(
            "xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
    ),
    "odt": Kind(
        "ODT",
        "application/vnd.oasis.opendocument.text",
        _zip_with_mimetype("application/vnd.oasis.opendocument.text"),
    ),
    "ods": Kind(
        "ODS",
        "application/vnd.oasis.opendocument.spreadsheet",
        _zip_with_mimetype("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    "asice": Kind(
        "ASiC-E",
        "application/vnd.etsi.asic-e+zip",
        _zip_with_mimetype("application/vnd.etsi.asic-e+zip"),
    ),
    "xml": Kind("XML", "application/xml", _inert_xml),
}

# A file name's extension → the kind its content must be.
EXTENSIONS = {
    "pdf": "pdf",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
    "tif": "tiff",
    "tiff": "tiff",
    "docx": "docx",
    "xlsx": "xlsx",
    "odt": "odt",
    "ods": "ods",
    "asice": "asice",
    "xml": "xml",
    "es3": "xml",
}
# What a citizen may attach to a form (a form field narrows it further): no XML.
CITIZEN_EXTENSIONS = tuple(e for e, kind in EXTENSIONS.items() if kind != "xml")
# What an officer may put in the registry: everything on the list, signed XML included.
REGISTRY_EXTENSIONS = tuple(EXTENSIONS)


def extension_of(name):
    name = str(name)
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type_of(name):
    """What a stored file whose content was checked is served as, from its name."""
    kind = KINDS.get(EXTENSIONS.get(extension_of(name), ""))
    return kind.content_type if kind else "application/octet-stream"


def is_kind(upload, extension):
    """Is the content of ``upload`` what a file named ``*.extension`` must be?"""
    kind = KINDS.get(EXTENSIONS.get(extension, ""))
    if kind is None:
        return False
    try:
        upload.seek(0)
        return bool(kind.matches(upload))
    finally:
        upload.seek(0)


def check(upload, extensions, *, max_bytes=None, max_mb=None):
    """Accept ``upload`` when it is not empty, not larger than ``max_bytes`` and its content
    is what its name says, with an extension among ``extensions``. Returns the content type
    it is to be served as; raises ValidationError with a Hungarian message otherwise."""
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if max_bytes is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(max)d MB is accepted.")
            % {"max": max_mb or max_bytes // (1024 * 1024)},
            code="file_size",
        )
    extension = extension_of(getattr(upload, "name", ""))
    if extension not in extensions or not is_kind(upload, extension):
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s.") % {"types": ", ".join(extensions)},
            code="file_type",
        )
    return KINDS[EXTENSIONS[extension]].content_type
