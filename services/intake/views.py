"""The pages of an application that every channel shares: its payment page, its receipt
(as a page and a PDF) and its files. The wizard on the portal and the form page on the
municipality's site send the citizen to the same pages, on their own host.

Who may open them: the citizen who owns the application, the browser session that
submitted it without an account, and once submitted the officers of its municipality
(``services.may_see``); anybody else gets a 404, as if it did not exist. On a
municipality's site only that municipality's applications are found."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from services.payments import services as payments
from services.payments.constants import OPEN, SETTLED, Purpose
from sites.actor import Actor, Channel
from sites.downloads import content_download, file_download
from sites.models import Municipality
from sites.tenancy import municipality_for_request

from . import services
from .constants import EventKind, State
from .kinds import kinds
from .pdf import receipt_pdf as draw_pdf
from .services.history import record


def _application_or_404(request, slug, reference, message):
    here = municipality_for_request(request)
    municipality = (
        here
        if here is not None
        else Municipality.objects.filter(slug=str(slug)[:100], active=True).first()
    )
    if municipality is None or municipality.slug != slug:
        raise Http404(message)
    application = services.find(municipality, reference)
    if application is None or not services.may_see(request.user, application, request.session):
        raise Http404(message)
    return application


def _actor(request, application):
    on_site = municipality_for_request(request) is not None
    return Actor.from_request(
        request,
        channel=Channel.SITE_FORM if on_site else Channel.PORTAL,
        municipality=application.municipality,
    )


def _links():
    # "Ügyeim" and the citizen's drafts are the portal's pages; link to them where installed.
    links = {}
    for name, url_name in (("affairs_url", "affairs:index"), ("drafts_url", "journey:drafts")):
        try:
            links[name] = reverse(url_name)
        except NoReverseMatch:
            links[name] = ""
    return links


@require_http_methods(["GET", "POST"])
def pay(request, slug, reference):
    """The one payment page of an application with a fee, whichever channel submitted it.
    The amount is never read from the browser: the payments compute it from the stored
    application."""
    application = _application_or_404(request, slug, reference, _("There is no such payment."))
    if application.state == State.REGISTERED:
        return HttpResponseRedirect(services.page_of(application))
    if application.state != State.AWAITING_PAYMENT:
        raise Http404(_("There is no such payment."))
    if request.method == "POST":
        try:
            payment, url = services.start_payment(
                _actor(request, application),
                application,
                base_url=f"{request.scheme}://{request.get_host()}",
            )
        except services.IntakeError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(request.path)
        # The payments' own pages (the bank's return) let this browser back to its payment.
        payments.remember_payment(request.session, payment)
        return HttpResponseRedirect(url)
    attempts = list(payments.payments_for(application).order_by("-created_at"))
    if request.user.is_authenticated and application.owner_id == request.user.pk:
        attempts = [p for p in attempts if p.payer_id in (None, request.user.pk)]
    latest = attempts[0] if attempts else None
    return render(
        request,
        "intake/pay.html",
        {
            "municipality": application.municipality,
            "application": application,
            "open_amount": payments.open_amount(application, Purpose.FORM_FEE),
            "attempts": attempts,
            "latest": latest,
            "latest_is_open": latest is not None and latest.status in OPEN,
            **_links(),
        },
    )


def _registered_or_404(request, slug, reference):
    application = _application_or_404(request, slug, reference, _("There is no such receipt."))
    # An application registered before receipts were made for every channel has none.
    if application.state != State.REGISTERED or application.receipt is None:
        raise Http404(_("There is no such receipt."))
    return application


def receipt(request, slug, reference):
    application = _registered_or_404(request, slug, reference)
    # The bank's proof of each payment of the fee, beside the proof of the submission.
    paid = payments.payments_for(application).filter(status__in=SETTLED).order_by("created_at")
    return render(
        request,
        "intake/receipt.html",
        {
            "municipality": application.municipality,
            "application": application,
            "content": application.receipt,
            "answers": kinds[application.kind]().receipt_sections(application),
            "payments": paid,
            **_links(),
        },
    )


def receipt_pdf(request, slug, reference):
    application = _registered_or_404(request, slug, reference)
    answers = kinds[application.kind]().receipt_sections(application)
    response = content_download(
        draw_pdf(application, answers, request),
        f"nyugta-{application.reference}.pdf",
        "application/pdf",
    )
    record(application, EventKind.RECEIPT_DOWNLOADED, _actor(request, application))
    return response


def attachment(request, slug, reference, key):
    """A file of the application. Never inline: an attachment, with the type of its checked
    content, nosniff, and a sandboxing CSP should a browser open it anyway."""
    application = _application_or_404(request, slug, reference, _("There is no such file."))
    found = kinds[application.kind]().attachment(application, key)
    if found is None:
        raise Http404(_("There is no such file."))
    field_file, name, content_type = found
    try:
        handle = field_file.open("rb")
    except OSError:
        raise Http404(_("There is no such file.")) from None
    response = file_download(handle, name, content_type)
    record(
        application, EventKind.FILE_DOWNLOADED, _actor(request, application), field=str(key)[:120]
    )
    return response
