"""The citizen's side: a municipality's published forms on its own site, and one form.

This page lists the forms, renders one exactly from its published revision and submits it
through intake's ``submit_new`` — the same submission, registration, receipt and payment
page as the portal's wizard (which adds drafts and acting for a company)."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from services.intake import services as intake
from services.intake.constants import State
from services.payments import services as payments
from sites.actor import Actor, Channel

from .. import services
from ..application import KIND
from ..constants import Category
from ..fieldtypes import field_types
from ..render import form_context
from ..validation import data_from_post


def _municipality(request):
    municipality = getattr(request, "municipality", None)
    if municipality is None or not municipality.active:
        raise Http404(_("Forms are on each municipality's own website."))
    return municipality


def form_list(request):
    municipality = _municipality(request)
    forms = list(services.published_forms(municipality))
    labels = dict(Category.choices)
    categories = []
    for value, _label in Category.choices:
        items = [f for f in forms if f.category == value]
        if items:
            categories.append({"label": labels[value], "forms": items})
    return render(
        request,
        "forms/public/list.html",
        {
            "municipality": municipality,
            "categories": categories,
        },
    )


def form_detail(request, code):
    municipality = _municipality(request)
    customisation = services.live_form(municipality, code[:20])
    if customisation is None:
        notice = services.withdrawn_notice(municipality, code[:20])
        if notice:
            return render(
                request,
                "forms/public/withdrawn.html",
                {"municipality": municipality, "notice": notice},
                status=410,
            )
        raise Http404(_("There is no such form."))
    definition = customisation.live_revision.definition
    context = {
        "municipality": municipality,
        "customisation": customisation,
        "code": customisation.code,
        # One per rendering; kept while the same filling-in is rendered again (a row
        # added, an answer refused), so a retry of its submission is recognised.
        "submission_token": intake.clean_token(request.POST.get("submission_token"))
        or intake.new_token(),
    }
    if request.method == "POST":
        data = data_from_post(definition, request.POST)
        if request.POST.get("add_row"):
            group = request.POST["add_row"]
            return render(
                request,
                "forms/public/form.html",
                {
                    **context,
                    **form_context(definition, data, extra_rows={group: 1}),
                },
            )
        files = {
            key: request.FILES[key]
            for key in request.FILES
            if any(
                spec["key"] == key and field_types[spec["type"]].is_file
                for step in definition["steps"]
                for spec in step["fields"]
            )
        }
        actor = Actor.from_request(request, channel=Channel.SITE_FORM, municipality=municipality)
        try:
            application = intake.submit_new(
                actor,
                KIND,
                customisation,
                municipality=municipality,
                data=data,
                files=files,
                token=context["submission_token"],
            )
        except services.SubmissionInvalid as invalid:
            return render(
                request,
                "forms/public/form.html",
                {
                    **context,
                    **form_context(definition, data, invalid.errors),
                    "error_count": len(invalid.errors),
                },
                status=400,
            )
        except (services.FormsError, intake.IntakeError) as error:
            problems = getattr(error, "problems", None) or [error.message]
            return render(
                request,
                "forms/public/form.html",
                {
                    **context,
                    **form_context(definition, data),
                    "general_errors": problems,
                },
                status=400,
            )
        # This browser may come back to its payment page and receipt without an account.
        intake.remember_in_session(request.session, application)
        if getattr(application, "retried", False):
            # The same post again (a retry after a broken connection): the first
            # submission's receipt or payment page, never a second case.
            messages.info(request, _("Your form had already arrived; this is its receipt."))
            return HttpResponseRedirect(intake.page_of(application))
        if application.state == State.AWAITING_PAYMENT:
            # The fee is paid before the office registers the submission; a failed or
            # abandoned payment leaves it waiting on its payment page, not lost.
            try:
                payment, url = intake.start_payment(
                    actor, application, base_url=f"{request.scheme}://{request.get_host()}"
                )
            except intake.IntakeError as error:
                messages.error(request, error.message)
                return HttpResponseRedirect(intake.page_of(application))
            payments.remember_payment(request.session, payment)
            return HttpResponseRedirect(url)
        return render(request, "forms/public/thanks.html", {**context, "application": application})
    return render(request, "forms/public/form.html", {**context, **form_context(definition)})
