"""The certificate of registration (igazolás a nyilvántartásba vételről): what the
register recorded of a notification, as a PDF registered as the outgoing document of the
notification's case and delivered to the trader's mailbox on the portal (Ügyeim).

A notification is registered on receipt; the certificate says so. It is no decision and
carries no notice of legal remedy."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from services.documents import services as documents
from services.documents.constants import Direction

from ..constants import TradingForm, Weekday
from ..models import Place
from . import catalogue
from .lookup import shop_at
from .registers import current


def _hours_rows(opening_hours):
    return [
        (Weekday(int(day)).label, ", ".join(f"{opens}–{closes}" for opens, closes in spans))
        for day, spans in sorted((opening_hours or {}).items())
    ]


def _place_rows(trade):
    groups = catalogue.product_groups()
    rows = []
    for place in Place.objects.for_municipality(trade.municipality).filter(trade=trade):
        version = current(place)
        shop = shop_at(place)
        shop_version = current(shop) if shop is not None else None
        rows.append(
            {
                "place": version,
                "forms": [TradingForm(form).label for form in version.trading_forms],
                "groups": [f"{code}. {groups.get(code, code)}" for code in version.product_groups],
                "shop": shop_version,
                "hours": _hours_rows(shop_version.opening_hours) if shop_version else [],
            }
        )
    return rows


def certificate_pdf(trade, *, registry_number, issued_at=None):
    """The certificate of a trading registration as PDF bytes (WeasyPrint)."""
    from weasyprint import HTML  # needs the system's Pango; imported only when drawn

    trade_version = current(trade)
    with translation.override("hu"):
        html = render_to_string(
            "commerce/certificate_pdf.html",
            {
                "municipality": trade.municipality,
                "trade": trade,
                "trade_version": trade_version,
                "trader": current(trade.trader),
                "places": _place_rows(trade),
                "registry_number": registry_number,
                "issued_at": timezone.localtime(issued_at or timezone.now()),
            },
        )
    return HTML(string=html, base_url=None).write_pdf()


def issue_certificate(case, trade, *, registry_number, actor=None):
    """Register the certificate as the outgoing document of the notification's case and
    deliver it after the commit (a channel never sees a document that was rolled back).
    Returns the registered document."""
    content = ContentFile(
        certificate_pdf(trade, registry_number=registry_number),
        name=f"igazolas-{trade.register_number.replace('/', '-')}.pdf",
    )
    content.content_type = "application/pdf"
    document = documents.register_document(
        case,
        direction=Direction.OUTGOING,
        subject=_("Certificate of registration: trading %(number)s")
        % {"number": trade.register_number},
        correspondent=case.client_name,
        files=[content],
        trusted_files=True,
        actor=actor,
    )
    municipality_id, case_pk, document_pk = case.municipality_id, case.pk, document.pk

    def deliver():
        from services.documents.models import Case, Document

        fresh_case = Case.objects.for_municipality(municipality_id).get(pk=case_pk)
        fresh = Document.objects.for_municipality(municipality_id).get(pk=document_pk)
        documents.deliver(fresh, fresh_case, actor=actor)

    transaction.on_commit(deliver)
    return document
