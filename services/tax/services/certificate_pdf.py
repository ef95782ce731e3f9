"""The tax certificate's PDF (WeasyPrint), with the verification code and its QR code.

The QR code (segno) encodes the public verification page's address with the code, as a
PNG data URI (segno writes PNG itself), so the PDF needs no file and no network."""

from django.template.loader import render_to_string
from django.utils import translation


def qr_data_uri(text):
    import segno

    return segno.make(text, error="m").png_data_uri(scale=8, border=2)


def certificate_pdf(certificate, code, url):
    from weasyprint import HTML  # needs the system's Pango; imported only when drawn

    from .certificates import certificate_rules

    with translation.override("hu"):
        html = render_to_string(
            "tax/certificates/certificate_pdf.html",
            {
                "certificate": certificate,
                "municipality": certificate.municipality,
                "code": code,
                "url": url,
                "qr": qr_data_uri(url),
                "rules": certificate_rules(),
            },
        )
    return HTML(string=html, base_url=None).write_pdf()
