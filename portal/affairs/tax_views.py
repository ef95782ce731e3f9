"""Ügyeim: local taxes — the balance of the citizen's own taxpayer accounts and of those
they represent, the simple and detailed statements (page and PDF), and card payment.

Every view asks the tax office anew who the signed-in account may see
(``tax.access_to``): a taxpayer it is not linked to, or no longer represents, or whose
tax type it does not cover, is a 404 like an id that does not exist."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from services.payments import services as payments
from services.payments.constants import SETTLED
from services.tax import services as tax
from services.tax.constants import TaxType
from sites.downloads import content_download

from .tax_pdf import statement_pdf

FIRST_YEAR = 2000


def _access(request, taxpayer_id):
    access = tax.access_to(request.user, taxpayer_id)
    if access is None:
        raise Http404(_("There is no such tax account."))
    return access


def _year(request):
    """The statement's year from ``?ev=``: anything else than a year we keep is this year."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ev", today.year))
    except (TypeError, ValueError):
        return today.year
    return year if FIRST_YEAR <= year <= today.year else today.year


def _years(today):
    return list(range(today.year, today.year - 6, -1))


def tax_overview(user):
    """[(access, summary)] for the Ügyeim overview: every account the user may see."""
    return [(access, tax.tax_summary(access)) for access in tax.accessible_taxpayers(user)]


@login_required
def tax_index(request):
    return render(
        request,
        "affairs/tax_index.html",
        {"taxes": tax_overview(request.user), "section": "taxes"},
    )


def _transfer(access, summary):
    codes = [row.tax_type for row in summary.rows] or [TaxType.BUILDING]
    return tax.transfer_details(access, codes)


@login_required
def tax_balance(request, taxpayer_id):
    access = _access(request, taxpayer_id)
    summary = tax.tax_summary(access)
    accounts, remark = _transfer(access, summary)
    return render(
        request,
        "affairs/tax_balance.html",
        {
            "access": access,
            "summary": summary,
            "accounts": accounts,
            "remark": remark,
            "years": _years(summary.on),
            "section": "taxes",
        },
    )


def _statement_context(access, kind, year):
    today = timezone.localdate()
    summary = tax.tax_summary(access)
    accounts, remark = _transfer(access, summary)
    context = {
        "access": access,
        "kind": kind,
        "year": year,
        "year_start": datetime.date(year, 1, 1),
        "years": _years(today),
        "today": today,
        "summary": summary,
        "accounts": accounts,
        "remark": remark,
        "section": "taxes",
    }
    if kind == "simple":
        context["groups"] = tax.simple_statement(access, year)
    else:
        context["sections"] = tax.detailed_statement(access, year)
    return context


def _pdf_name(access, kind, year):
    word = "adoszamla-kivonat" if kind == "simple" else "adoszamla-reszletes"
    return f"{word}-{access.taxpayer.identifier}-{year}.pdf"


def _statement(request, taxpayer_id, kind, as_pdf):
    access = _access(request, taxpayer_id)
    year = _year(request)
    context = _statement_context(access, kind, year)
    if not as_pdf:
        return render(request, "affairs/tax_statement.html", context)
    # Through sites.downloads: attachment, nosniff, the sandbox CSP and no caching.
    return content_download(
        statement_pdf(context, request), _pdf_name(access, kind, year), "application/pdf"
    )


@login_required
def tax_statement(request, taxpayer_id):
    return _statement(request, taxpayer_id, "simple", as_pdf=False)


@login_required
def tax_statement_pdf(request, taxpayer_id):
    return _statement(request, taxpayer_id, "simple", as_pdf=True)


@login_required
def tax_detailed(request, taxpayer_id):
    return _statement(request, taxpayer_id, "detailed", as_pdf=False)


@login_required
def tax_detailed_pdf(request, taxpayer_id):
    return _statement(request, taxpayer_id, "detailed", as_pdf=True)


# -- paying by card


def _choice(request, access):
    """(charges, tax type) the payer chose, checked against what the access covers; a
    TaxError (Hungarian) for a choice that is not theirs to make."""
    what = request.POST.get("mit", "")
    if what == "charges":
        ids = request.POST.getlist("tetel")
        if not ids:
            raise tax.TaxError(_("Choose at least one charge to pay."))
        summary = tax.tax_summary(access)
        allowed = {str(charge.pk) for charge, _amount, _late in summary.open_charges}
        if any(pk not in allowed for pk in ids):
            raise tax.TaxError(_("A chosen charge is not one of the taxpayer's charges."))
        return ids, ""
    if what == "type":
        code = request.POST.get("adonem", "")
        shown = {row.tax_type for row in tax.tax_summary(access).rows if row.overdue or row.due}
        if code not in shown or not access.covers(code):
            raise tax.TaxError(_("Choose one of the tax types shown."))
        return None, code
    if what == "all" and access.tax_types is None:
        return None, ""
    if what == "all":
        raise tax.TaxError(
            _("Your representation covers some tax types only: pay them one by one.")
        )
    raise tax.TaxError(_("Choose what to pay."))


@login_required
@require_POST
def tax_pay(request, taxpayer_id):
    access = _access(request, taxpayer_id)
    try:
        charges, tax_type = _choice(request, access)
        order = tax.create_card_payment(
            access.taxpayer, charges=charges, tax_type=tax_type, payer=request.user
        )
        payment, url = tax.start_card_payment(
            order, base_url=f"{request.scheme}://{request.get_host()}", payer=request.user
        )
    except tax.TaxError as error:
        messages.error(request, str(error))
        return redirect("affairs:tax_balance", access.taxpayer.pk)
    except payments.PaymentError as error:
        messages.error(request, error.message)
        return redirect("affairs:tax_balance", access.taxpayer.pk)
    payments.remember_payment(request.session, payment)
    return redirect(url)


def _order_of(user, order_uuid):
    """The card payment order with this id, of a taxpayer the user may see now."""
    for access in tax.accessible_taxpayers(user):
        order = tax.card_payments_of(access.taxpayer).filter(uuid=order_uuid).first()
        if order is not None and all(access.covers(code) for code, _part in order.parts):
            return access, order
    raise Http404(_("There is no such payment."))


@login_required
def tax_paid(request, order_uuid):
    """Where the payer lands after the bank: what was paid, and the balance now."""
    access, order = _order_of(request.user, order_uuid)
    payment = payments.payments_for(order).order_by("-created_at").first()
    summary = tax.tax_summary(access)
    return render(
        request,
        "affairs/tax_paid.html",
        {
            "access": access,
            "order": order,
            "payment": payment,
            "is_paid": order.booked_at is not None,
            "is_settled": payment is not None and payment.status in SETTLED,
            "lines": tax.receipt_lines(order),
            "summary": summary,
            "balance_url": reverse("affairs:tax_balance", args=[access.taxpayer.pk]),
            "section": "taxes",
            "today": datetime.date.today(),
        },
    )
