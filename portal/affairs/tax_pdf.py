"""The taxpayer account's statements as PDFs, drawn by WeasyPrint from an HTML template
(as the receipts are: services.intake.pdf). WeasyPrint is imported only when a PDF is
made, so that the rest of the portal does not depend on Pango."""

from django.template.loader import render_to_string


def statement_pdf(context, request=None):
    from weasyprint import HTML

    html = render_to_string("affairs/tax_statement_pdf.html", context, request)
    # No base URL: the template is self-contained, and nothing is fetched from outside.
    return HTML(string=html, base_url=None).write_pdf()
