"""The payer's side (on the municipality's own site), the simulated bank's card page, and
the providers' server-to-server notifications.

Every page of a payment looks it up in the scope of the site's municipality
(``for_request``), so a payment of B is not found on A's site; and only its payer (or the
browser session that started it) may see it. On the central portal, where the citizen's
journey serves every municipality, a payment is looked up among the signed-in payer's own
payments instead. After the bank, the payer goes on at the page the payment's purpose
names (``page_after``: an application's own payment page or receipt, the same on the site
and the portal), or at the payments' own status page."""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sites.tenancy import municipality_for_request

from . import services
from .constants import OPEN, SETTLED, EventSource
from .models import Payment
from .providers import InvalidNotification, get_provider, providers
from .purposes import purposes
from .receipts import receipt_response

logger = logging.getLogger(__name__)

SESSION_PAYMENTS = services.SESSION_PAYMENTS


def _allowed(request, payment):
    user = request.user
    if user.is_authenticated and payment.payer_id == user.pk:
        return True
    return str(payment.uuid) in request.session.get(SESSION_PAYMENTS, [])


def _on_portal(request):
    return municipality_for_request(request) is None


def _payments_here(request):
    """The payments this host may show: the site's municipality's, or on the portal the
    signed-in payer's own (in every municipality)."""
    if _on_portal(request) and request.user.is_authenticated:
        return services.payments_of_payer(request.user)
    return Payment.objects.for_request(request)  # on the portal, for nobody: none


def page_after(payment):
    """The purpose's own page for the payer to go on at, or None."""
    if payment.purpose not in purposes or payment.target is None:
        return None
    return purposes[payment.purpose]().page_after(payment.target)


def _payment(request, payment_uuid):
    payment = get_object_or_404(_payments_here(request), uuid=payment_uuid)
    if not _allowed(request, payment):
        raise Http404(_("There is no such payment."))
    return payment


def base_url(request):
    return f"{request.scheme}://{request.get_host()}"


def start_and_redirect(request, target, purpose):
    """Start paying ``target`` and send the browser to the provider, or back to the
    target's payment page with the reason when that is not possible."""
    try:
        payment, url = services.start_payment(
            target, purpose=purpose, payer=request.user, base_url=base_url(request)
        )
    except services.PaymentError as error:
        if error.payment is not None:
            services.remember_payment(request.session, error.payment)
        messages.error(request, error.message)
        return redirect(
            "payments:pay", purpose=purpose, reference=purposes[purpose]().reference(target)
        )
    services.remember_payment(request.session, payment)
    return redirect(url)


def pay(request, purpose, reference):
    """What is open on one thing (a form submission…), and a button to pay it (again)."""
    municipality = getattr(request, "municipality", None)
    if municipality is None or purpose not in purposes:
        raise Http404(_("There is no such payment."))
    target = purposes[purpose]().find(municipality, reference[:40])
    if target is None or not purposes[purpose]().belongs_to(target, request.user):
        raise Http404(_("There is no such payment."))
    own_page = purposes[purpose]().page_after(target)
    if own_page:
        # One payment page per thing paid for: the purpose's own, when it has one.
        return redirect(own_page)
    if request.method == "POST":
        return start_and_redirect(request, target, purpose)
    history = services.payments_for(target).order_by("-created_at")
    return render(
        request,
        "payments/pay.html",
        {
            "municipality": municipality,
            "target": target,
            "reference": reference,
            "open_amount": services.open_amount(target, purpose),
            "description": purposes[purpose]().description(target),
            "payments": [p for p in history if _allowed(request, p)],
        },
    )


def _status_page(request, payment, cancelled=False):
    target = payment.target
    return render(
        request,
        "payments/status.html",
        {
            "municipality": payment.municipality,
            "payment": payment,
            "target": target,
            "is_paid": payment.status in SETTLED,
            "is_open": payment.status in OPEN,
            "cancelled": cancelled,
            # Another attempt may have paid it meanwhile: then no "pay again".
            "target_paid": target is not None
            and services.open_amount(target, payment.purpose) == 0,
            "pay_again_url": reverse(
                "payments:pay", kwargs={"purpose": payment.purpose, "reference": payment.reference}
            ),
        },
    )


def returned(request, payment_uuid):
    """The payer is back from the provider. What the browser brings is believed only if it
    verifies; otherwise the provider is asked. The webhook may have come first, or may
    never come: either way the payment ends up right."""
    payment = _payment(request, payment_uuid)
    if payment.status in OPEN:
        provider = get_provider(payment.provider)
        try:
            update = provider.parse_return(request)
        except InvalidNotification as error:
            logger.warning("Payment %s: return with a bad signature: %s", payment.uuid, error)
            update = None
        if update is not None and update.payment_uuid == str(payment.uuid):
            services.apply_update(update, payment.provider, source=EventSource.CITIZEN)
        else:
            services.refresh(payment)
        payment.refresh_from_db()
    page = page_after(payment)
    if page:
        return redirect(page)
    return _status_page(request, payment)


def cancelled(request, payment_uuid):
    payment = _payment(request, payment_uuid)
    page = page_after(payment)
    if page:
        return redirect(page)
    return _status_page(request, payment, cancelled=True)


def receipt(request, payment_uuid):
    payment = _payment(request, payment_uuid)
    if payment.status not in SETTLED:
        raise Http404(_("A receipt is given once the payment is confirmed."))
    return receipt_response(payment)


# -- the simulated bank


def simulator(request, payment_uuid):
    """The simulated bank's card page. It stands in for the bank's own site: it needs no
    session of ours, only the payment's unguessable identifier, as a bank's page would."""
    if settings.PAYMENT_PROVIDER != "simulated":
        raise Http404
    payment = get_object_or_404(_payments_here(request), uuid=payment_uuid, provider="simulated")
    provider = providers["simulated"]()
    context = {"municipality": payment.municipality, "payment": payment}
    if payment.status not in OPEN:
        return render(request, "payments/simulator.html", {**context, "closed": True})
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            return redirect(reverse("payments:cancelled", args=[payment.uuid]))
        decided = provider.decide(payment, request.POST.get("card_number", ""))
        if decided is None:
            context["error"] = _("Unknown test card number. Use one of the test cards below.")
            return render(request, "payments/simulator.html", context, status=400)
        body, signature = decided
        # The bank's server-to-server callback, checked exactly as one arriving over HTTP
        # at payments:notification would be; then the browser goes back to the site.
        services.receive_notification(provider, body=body, signature=signature)
        url = reverse("payments:returned", args=[payment.uuid])
        return redirect(f"{url}?{provider.return_query(body, signature)}")
    return render(request, "payments/simulator.html", context)


# -- providers' notifications


@csrf_exempt
@require_POST
def notification(request, provider_name):
    if provider_name not in providers:
        raise Http404
    provider = providers[provider_name]()
    if provider.is_demo and provider_name != settings.PAYMENT_PROVIDER:
        # The demo bank's secret is no secret: its door is shut unless it is the provider.
        raise Http404
    try:
        services.receive_notification(provider, updates=provider.parse_notification(request))
    except InvalidNotification as error:
        logger.warning(
            "Refused %s notification from %s: %s",
            provider_name,
            request.META.get("REMOTE_ADDR"),
            error,
        )
        return HttpResponseBadRequest("invalid notification")
    return HttpResponse("ok")
