"""The receipt as a PDF, drawn by WeasyPrint from an HTML template.

WeasyPrint needs Pango from the operating system (Debian: libpango-1.0-0,
libpangoft2-1.0-0); ``make install`` installs it. It is imported only when a PDF is made,
so that the rest of the platform does not depend on the system libraries."""

from django.template.loader import render_to_string


def receipt_pdf(application, answers, request=None):
    from weasyprint import HTML

    html = render_to_string(
        "intake/receipt_pdf.html",
        {"application": application, "content": application.receipt, "answers": answers},
        request,
    )
    # No base URL: the template is self-contained, and nothing is fetched from outside.
    return HTML(string=html, base_url=None).write_pdf()
