"""The citizen's side: a municipality's published forms on its own site, and one form.

The full portal wizard (acting for a company, drafts, payment) is a later issue; this page
lists the forms, renders one exactly from its published revision, validates it on the
server and stores the submission through services.submit()."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import services
from ..constants import Category, SubmissionStatus
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
        raise Http404(_("There is no such form."))
    definition = customisation.live_revision.definition
    context = {
        "municipality": municipality,
        "customisation": customisation,
        "code": customisation.code,
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
        try:
            submission = services.submit(
                customisation,
                data,
                files,
                submitter=request.user if request.user.is_authenticated else None,
                await_payment=True,
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
        except services.FormsError as error:
            return render(
                request,
                "forms/public/form.html",
                {
                    **context,
                    **form_context(definition, data),
                    "general_errors": error.problems,
                },
                status=400,
            )
        if submission.status == SubmissionStatus.AWAITING_PAYMENT:
            # The fee is paid before the office registers the submission; a failed or
            # abandoned payment leaves it waiting on its payment page, not lost.
            from services.payments.constants import Purpose
            from services.payments.views import SESSION_TARGETS, remember, start_and_redirect

            remember(request, SESSION_TARGETS, f"{Purpose.FORM_FEE}:{submission.reference}")
            return start_and_redirect(request, submission, Purpose.FORM_FEE)
        return render(request, "forms/public/thanks.html", {**context, "submission": submission})
    return render(request, "forms/public/form.html", {**context, **form_context(definition)})
