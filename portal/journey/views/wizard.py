"""Filling a form as a wizard: one step per page, checked on the server step by step, the
answers and files kept in the draft at every step, a summary and a declaration at the end.

The form definition drives everything: its steps are the pages, its conditions hide and
show fields, its groups are rows the citizen adds and removes, its file fields keep their
files with the draft (services.forms)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import session_identity
from services.forms import services as forms
from services.forms.services import SubmissionInvalid, answers_context, data_from_post
from services.intake import services as intake
from services.intake.constants import State
from services.payments import services as payments
from sites import normalise
from sites.actor import Actor, Channel
from sites.hungarian import user_name

from ..constants import EventKind
from ..services import (
    JourneyError,
    discard,
    identification_problem,
    locked_answers,
    record,
    representation_problem,
    representations_of,
    save_answers,
    start_draft,
    submit_draft,
)
from .common import acting_for, find_draft, gone, municipality_or_404
from .relogin import keep_step_post_across_login, pending_post
from .steps import (
    CUT_OFF_MESSAGE,
    _apply_row_action,
    _check,
    _first_step_with_error,
    _part,
    _progress,
    _render_step,
    _step_keys,
)


def _actor(request, municipality, on_behalf_of=None):
    return Actor.from_request(
        request, channel=Channel.PORTAL, municipality=municipality, on_behalf_of=on_behalf_of
    )


def _refused(request, municipality, message, *, login=False, customisation=None, status=403):
    return render(
        request,
        "journey/refused.html",
        {
            "municipality": municipality,
            "message": message,
            "login_url": f"{reverse('account_login')}?next={request.get_full_path()}"
            if login
            else "",
            "customisation": customisation,
        },
        status=status,
    )


@login_required
@require_POST
def start(request, slug, code):
    municipality = municipality_or_404(slug)
    customisation = forms.live_form(municipality, code[:20])
    if customisation is None:
        return gone(request, municipality, _("This municipality has no such form."))
    choice = request.POST.get("acting_for")
    if choice is None:
        representation = acting_for(request)
    elif choice == "self":
        representation = None
    else:
        # An id the page itself posts: ASCII digits, or no representation ("abc" or "²"
        # would make the query raise).
        pk = normalise.parse_index(choice)
        representation = (
            representations_of(request.user).filter(pk=pk).first() if pk is not None else None
        )
        if representation is None:
            return _refused(
                request,
                municipality,
                _("Choose yourself or one of your representations."),
                status=400,
            )
    definition = customisation.live_revision.definition
    try:
        draft = start_draft(
            _actor(request, municipality, representation),
            customisation,
            identity=session_identity(request),
        )
    except JourneyError as error:
        return _refused(
            request,
            municipality,
            str(error),
            login=identification_problem(session_identity(request), definition) is not None,
            customisation=customisation,
        )
    return HttpResponseRedirect(_step_url(draft, draft.step_key))


def _step_url(draft, step_key, check=False):
    url = reverse("journey:step", args=[draft.municipality.slug, draft.reference, step_key])
    return f"{url}?ellenorzes=1" if check else url


def _summary_url(draft):
    return reverse("journey:summary", args=[draft.municipality.slug, draft.reference])


def _load(request, slug, reference):
    """(municipality, draft, response): a response instead of the draft when it is gone."""
    municipality = municipality_or_404(slug)
    draft = find_draft(request, municipality, reference)
    if draft is None:
        return (
            municipality,
            None,
            gone(
                request,
                municipality,
                _(
                    "There is no such draft. Drafts are deleted %(days)d days after they were last "
                    "saved; a submitted form is under your receipts."
                )
                % {"days": intake.draft_lifetime().days},
            ),
        )
    if draft.is_expired():
        expired_at = formats.date_format(timezone.localtime(draft.expires_at), "DATETIME_FORMAT")
        discard(_actor(request, municipality), draft, kind=EventKind.DRAFT_EXPIRED)
        return (
            municipality,
            None,
            gone(
                request,
                municipality,
                _(
                    "This draft expired on %(date)s and was deleted with its files. Please fill in "
                    "the form again."
                )
                % {"date": expired_at},
                status=410,
            ),
        )
    # A draft started before a legal change moves to the form now served; the citizen is
    # told which answers to look at again (never blocked on the old version).
    attention = forms.carry_draft(draft.submission)
    if attention is not None:
        messages.warning(
            request,
            _("This form changed because of a change in the law; your answers were kept.")
            + (
                " " + _("Please check: %(fields)s.") % {"fields": ", ".join(attention)}
                if attention
                else ""
            ),
        )
    return municipality, draft, None


@keep_step_post_across_login
def step(request, slug, reference, step):
    municipality, draft, response = _load(request, slug, reference)
    if response is not None:
        return response
    submission = draft.submission
    definition = submission.revision.definition
    steps = definition.get("steps", [])
    index = next((i for i, s in enumerate(steps) if s["key"] == step), None)
    if index is None:
        return gone(request, municipality, _("This form has no such step."))
    identity = session_identity(request)
    problem = identification_problem(identity, definition)
    if problem:
        return _refused(
            request,
            municipality,
            problem,
            login=True,
            customisation=submission.revision.customisation,
        )
    current = steps[index]
    locked = locked_answers(identity, definition)
    data = {**submission.data, **locked}
    if request.method != "POST":
        errors = {}
        restored = pending_post(request)
        if restored is not None:
            data.update(data_from_post(_part(current), restored))
            data.update(locked)
            messages.info(
                request,
                _(
                    "Your session had ended, so the answers you sent were not saved. They are "
                    "filled in again below: check them and go on."
                ),
            )
        if request.GET.get("ellenorzes"):
            errors, _cleaned = _check(_part(current), data, draft, _step_keys(current))
        return _render_step(request, draft, definition, index, data, errors)

    action = request.POST.get("action", "next")[:120]
    step_keys = _step_keys(current)
    # Only this step's answers come from the post; the identity fields never do.
    data.update(data_from_post(_part(current), request.POST))
    data.update(locked)
    # The draft keeps what was typed before it is checked, and PostgreSQL refuses a NUL or a
    # lone surrogate: those characters go, everything else is kept, and the person is told.
    data, unstorable = normalise.strip_unstorable(data)
    errors = {key: [str(normalise.unstorable_message())] for key in unstorable if key in step_keys}
    for spec in current.get("fields", []):
        upload = request.FILES.get(spec["key"]) if spec["type"] == "file" else None
        if upload is None:
            continue
        try:
            stored = forms.attach_draft_file(submission, spec["key"], upload)
            record(
                request.user,
                EventKind.FILE_ATTACHED,
                municipality,
                submission.reference,
                field=spec["key"],
                name=stored.original_name,
                size=stored.size,
            )
        except SubmissionInvalid as invalid:
            errors.update(invalid.errors)
    extra_rows = {}
    if action.startswith("remove_file:"):
        key = action.partition(":")[2]
        if key in step_keys:
            forms.remove_draft_file(submission, key)
            record(
                request.user, EventKind.FILE_REMOVED, municipality, submission.reference, field=key
            )
    elif action.startswith("add_row:"):
        group = action.partition(":")[2]
        if group in step_keys:
            extra_rows[group] = 1
    elif action.startswith("remove_row:"):
        _apply_row_action(action, data, step_keys)
    try:
        draft = save_answers(_actor(request, municipality), draft, data, current["key"])
    except JourneyError as error:
        return gone(request, municipality, str(error), status=409)

    if errors:
        return _render_step(request, draft, definition, index, data, errors, status=400)
    if action == "save":
        messages.success(
            request,
            _("Your draft is saved. It is kept until %(date)s; you can go on from My drafts.")
            % {
                "date": formats.date_format(timezone.localtime(draft.expires_at), "DATETIME_FORMAT")
            },
        )
        return HttpResponseRedirect(reverse("journey:drafts"))
    if action == "back":
        if index == 0:
            code = submission.revision.customisation.code
            return HttpResponseRedirect(reverse("journey:form", args=[municipality.slug, code]))
        return HttpResponseRedirect(_step_url(draft, steps[index - 1]["key"]))
    if action == "next":
        errors, _cleaned = _check(_part(current), data, draft, step_keys)
        if errors:
            return _render_step(request, draft, definition, index, data, errors, status=400)
        if index + 1 < len(steps):
            return HttpResponseRedirect(_step_url(draft, steps[index + 1]["key"]))
        return HttpResponseRedirect(_summary_url(draft))
    # Added or removed a row or a file: the same step again, with everything kept.
    return _render_step(request, draft, definition, index, data, {}, extra_rows)


def _retried(request, slug, reference):
    """The citizen's own application when this post is the retry of the one that submitted
    it (same submission token): its receipt or payment page is the answer, not "no such
    draft" and never a second case."""
    municipality = municipality_or_404(slug)
    application = intake.find(municipality, reference)
    if application is None or application.owner_id != request.user.pk:
        return None
    return intake.retried_submission(
        _actor(request, municipality), application, request.POST.get("submission_token")
    )


def _answer_retry(request, application):
    messages.info(request, _("Your form had already arrived; this is its receipt."))
    return HttpResponseRedirect(intake.page_of(application))


@login_required
def summary(request, slug, reference):
    if request.method == "POST":
        retried = _retried(request, slug, reference)
        if retried is not None:
            return _answer_retry(request, retried)
    municipality, draft, response = _load(request, slug, reference)
    if response is not None:
        return response
    submission = draft.submission
    customisation = submission.revision.customisation
    definition = submission.revision.definition
    identity = session_identity(request)
    problem = identification_problem(identity, definition)
    if problem:
        return _refused(request, municipality, problem, login=True, customisation=customisation)
    data = {**submission.data, **locked_answers(identity, definition)}
    all_keys = {key for step in definition.get("steps", []) for key in _step_keys(step)}
    errors, cleaned = _check(definition, data, draft, all_keys)
    if errors:
        messages.error(request, _("Some answers still need correcting before you can submit."))
        return HttpResponseRedirect(
            _step_url(draft, _first_step_with_error(definition, errors), check=True)
        )
    context = {
        "municipality": municipality,
        "draft": draft,
        "customisation": customisation,
        "definition": definition,
        "answers": answers_context(definition, cleaned.data),
        "files": [
            stored
            for key, stored in sorted(forms.draft_files(submission).items())
            if key in cleaned.files
        ],
        "fee": cleaned.fee,
        "progress": _progress(definition, len(definition["steps"])),
        "representation": draft.representation,
        "submitter_name": user_name(request.user),
        "representation_problem": representation_problem(draft.representation, customisation),
        "cut_off": CUT_OFF_MESSAGE if forms.draft_expired(submission) else "",
        "last_step": definition["steps"][-1]["key"],
        "submission_token": intake.clean_token(request.POST.get("submission_token"))
        or intake.new_token(),
    }
    if request.method != "POST":
        return render(request, "journey/summary.html", context)
    if not request.POST.get("declaration"):
        return render(
            request,
            "journey/summary.html",
            {**context, "declaration_error": _("Accept the declaration to submit the form.")},
            status=400,
        )
    try:
        submitted = submit_draft(
            _actor(request, municipality, draft.representation),
            draft,
            identity=identity,
            token=context["submission_token"],
        )
    except JourneyError as error:
        return render(
            request, "journey/summary.html", {**context, "submit_error": str(error)}, status=400
        )
    except SubmissionInvalid as invalid:
        messages.error(request, _("Some answers still need correcting before you can submit."))
        return HttpResponseRedirect(
            _step_url(draft, _first_step_with_error(definition, invalid.errors), check=True)
        )
    if getattr(submitted, "retried", False):
        # The same post twice at once: the other request submitted it.
        return _answer_retry(request, submitted)
    if submitted.state == State.AWAITING_PAYMENT:
        # Stored, not registered: the fee is paid next, at the bank.
        return start_paying(request, submitted)
    messages.success(request, _("Your form was submitted and registered."))
    return HttpResponseRedirect(intake.page_of(submitted))


def start_paying(request, application):
    """Start the payment of a fee and send the browser to the bank; to the application's
    payment page with the reason when the bank cannot be reached."""
    try:
        payment, url = intake.start_payment(
            _actor(request, application.municipality),
            application,
            base_url=f"{request.scheme}://{request.get_host()}",
        )
    except intake.IntakeError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(intake.page_of(application))
    payments.remember_payment(request.session, payment)
    record(
        request.user,
        EventKind.PAYMENT_STARTED,
        application.municipality,
        application.reference,
        payment=str(payment.uuid),
        amount=payment.amount,
    )
    return HttpResponseRedirect(url)
