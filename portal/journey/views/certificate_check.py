"""The public check of a tax certificate (adóigazolás-ellenőrzés): a bank, a notary or a
grant office types the verification code printed on the certificate (or scans its QR
code, which opens this page with ``?kod=``) and sees the certificate's essentials; a wrong
code shows one neutral message that does not say whether such a code ever existed.

No login: the code is the permission. Each lookup counts against a per-address limit
(``RATE_LIMITS["tax_certificate_check"]``), so codes cannot be tried in bulk; a refused
attempt shows the limit's message with status 429. The page is never cached: it answers
for the certificate as it is now (a refusal or a withdrawal would show at once)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from services.tax import services as tax
from sites import normalise, ratelimits

ACTION = "tax_certificate_check"


@never_cache
@require_GET
def check(request):
    # Nothing typed is stored; a NUL or a lone surrogate is simply dropped.
    typed = normalise.strip_unstorable(request.GET.get("kod", "")[:64])[0].strip()
    context = {"typed": typed, "certificate": None, "not_found": False, "invalid": False}
    status = 200
    if typed:
        if ratelimits.hit(request, ACTION):
            context["limit_message"] = ratelimits.LIMIT_MESSAGE
            return TemplateResponse(
                request,
                "journey/certificate_check.html",
                context,
                status=ratelimits.TOO_MANY_REQUESTS,
            )
        if not tax.normalise_code(typed):
            context["invalid"] = True
            context["error"] = _(
                "A verification code has 16 letters and digits, as printed on the "
                "certificate (for example ABCD-EFGH-JKMN-PQRS). Check the code and try again."
            )
        else:
            certificate = tax.verify(typed)
            if certificate is None:
                context["not_found"] = True
            else:
                context["certificate"] = certificate
                context["identifier"] = tax.masked_identifier(certificate)
    return TemplateResponse(request, "journey/certificate_check.html", context, status=status)
