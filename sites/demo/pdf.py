"""Small text-only PDFs for the demo's documents (minutes, decrees, notices).

The demo makes about forty documents for each of its municipalities; WeasyPrint takes a
good part of a second for each, so these are written directly: A4 pages of Helvetica, one
of the fonts every PDF reader has, no embedded font. Helvetica has the Hungarian ő and ű;
a code page has not, so the font's encoding is Windows-1252 with four codes mapped to them
(a PDF encoding "Differences" array)."""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 60
FONT_SIZE = 10.5
TITLE_SIZE = 14
LEADING = 14.5
WRAP = 92  # characters of Helvetica 10.5 pt across the text width (an average)
LINES_PER_PAGE = int((PAGE_HEIGHT - 2 * MARGIN) / LEADING) - 1

# Windows-1252 codes that stand for what it lacks; 0x81, 0x8D, 0x8F, 0x90 are unused in it.
EXTRA = {"ő": 0x81, "ű": 0x8D, "Ő": 0x8F, "Ű": 0x90}
DIFFERENCES = (
    "/Differences [129 /ohungarumlaut 141 /uhungarumlaut 143 /Ohungarumlaut 144 /Uhungarumlaut]"
)


def _encode(text):
    out = bytearray()
    for char in text:
        if char in EXTRA:
            out.append(EXTRA[char])
        else:
            out += char.encode("cp1252", errors="replace")
    return bytes(out)


def _literal(text):
    data = _encode(text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + data + b")"


def _utf16(text):
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _lines(title, paragraphs):
    lines = [("title", line) for line in textwrap.wrap(title, 60)] + [("text", "")]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, WRAP) or [""]:
            lines.append(("text", line))
        lines.append(("text", ""))
    return lines


def text_pdf(title, paragraphs):
    """A PDF of the title and the paragraphs (plain text), wrapped onto A4 pages."""
    lines = _lines(title, paragraphs)
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    objects = []  # bodies of objects 1..n

    def add(body):
        objects.append(body)
        return len(objects)

    font = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding " + DIFFERENCES.encode() + b" >> >>"
    )
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding " + DIFFERENCES.encode() + b" >> >>"
    )
    pages_id = len(objects) + 1 + 2 * len(pages)  # after every page and its content
    page_ids = []
    for number, page in enumerate(pages, start=1):
        stream = [b"BT", f"{LEADING} TL".encode(), f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td".encode()]
        for kind, line in page:
            size, face = (TITLE_SIZE, "F2") if kind == "title" else (FONT_SIZE, "F1")
            stream.append(f"/{face} {size} Tf".encode())
            stream.append(_literal(line) + b" Tj T*")
        stream.append(b"ET")
        footer = f"{number}/{len(pages)}"
        stream.append(
            b"BT /F1 9 Tf "
            + f"{PAGE_WIDTH - MARGIN - 20} {MARGIN / 2} Td ".encode()
            + _literal(footer)
            + b" Tj ET"
        )
        data = b"\n".join(stream)
        content = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 {font} 0 R /F2 {bold} 0 R >> >> "
                f"/Contents {content} 0 R >>".encode()
            )
        )
    kids = " ".join(f"{page} 0 R" for page in page_ids)
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == pages_id
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    info = add(b"<< /Title " + _utf16(title) + b" /Producer (Varoshaza demo) >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
