"""The payment receipt as PDF (WeasyPrint), the same for the payer and the officer."""

from django.template.loader import render_to_string
from django.utils import timezone

from sites.downloads import content_download

from .constants import RefundStatus
from .models import Refund


def receipt_html(payment):
    refunds = Refund.objects.for_municipality(payment.municipality_id).filter(
        payment=payment, status=RefundStatus.SUCCEEDED
    )
    return render_to_string(
        "payments/receipt.html",
        {
            "payment": payment,
            "municipality": payment.municipality,
            "refunds": list(refunds),
            "printed_at": timezone.now(),
        },
    )


def receipt_pdf(payment):
    # Imported here: WeasyPrint loads Pango, which only the receipt needs.
    from weasyprint import HTML

    return HTML(string=receipt_html(payment)).write_pdf()


def receipt_response(payment):
    return content_download(
        receipt_pdf(payment), f"nyugta-{payment.reference}.pdf", "application/pdf"
    )
