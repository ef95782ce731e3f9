"""Filling a form as a wizard: one step per page, checked on the server step by step, the
answers and files kept in the draft at every step, a summary and a declaration at the end.

The form definition drives everything: its steps are the pages, its conditions hide and
show fields, its groups are rows the citizen adds and removes, its file fields keep their
files with the draft (services.forms)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import session_identity
from services.forms import services as forms
from services.forms.services import (
    PATH_SEPARATOR,
    CleaningContext,
    SubmissionInvalid,
    answers_context,
    clean_submission,
    data_from_post,
    form_context,
    identity_fields,
    requires_identification,
)
from sites.actor import Actor, Channel

from ..constants import EventKind
from ..models import AwaitingPayment, Receipt, WizardDraft
from ..services import (
    JourneyError,
    acting_for,
    awaiting_payments_of,
    discard,
    display_name,
    draft_lifetime,
    identification_problem,
    locked_answers,
    purge_expired,
    record,
    representation_problem,
    representations_of,
    save_answers,
    start_draft,
    submit_draft,
)
from .common import find_draft, gone, municipality_or_404
from .payment import start as start_payment

CUT_OFF_MESSAGE = (
    "This form changed and its earlier version can no longer be submitted. "
    "Please fill in the current form."
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
        representation = representations_of(request.user).filter(pk=choice[:20]).first()
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
            Actor.from_request(
                request,
                channel=Channel.PORTAL,
                municipality=municipality,
                on_behalf_of=representation,
            ),
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
    url = reverse(
        "journey:step", args=[draft.municipality.slug, draft.submission.reference, step_key]
    )
    return f"{url}?ellenorzes=1" if check else url


def _summary_url(draft):
    return reverse("journey:summary", args=[draft.municipality.slug, draft.submission.reference])


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
                % {"days": draft_lifetime().days},
            ),
        )
    if draft.is_expired():
        expired_at = formats.date_format(timezone.localtime(draft.expires_at), "DATETIME_FORMAT")
        discard(draft, request.user, kind=EventKind.DRAFT_EXPIRED)
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
    return municipality, draft, None


def _open_files(submission, keys):
    """The draft's stored files of these fields, opened, as uploads to check again."""
    opened = {}
    for key, stored in forms.draft_files(submission).items():
        if key not in keys:
            continue
        try:
            opened[key] = File(stored.file.open("rb"), name=stored.original_name)
        except OSError:  # the storage lost it: the field counts as unanswered
            continue
    return opened


def _check(definition, data, draft, keys):
    """(errors, cleaned) of these answers against (a part of) the definition."""
    files = _open_files(draft.submission, keys)
    try:
        cleaned = clean_submission(
            definition, data, files, CleaningContext(municipality=draft.municipality, files=files)
        )
        return {}, cleaned
    except SubmissionInvalid as invalid:
        return invalid.errors, None
    finally:
        for upload in files.values():
            upload.close()


def _step_keys(step):
    keys = set()
    for spec in step.get("fields", []):
        keys.add(spec["key"])
    return keys


def _part(step):
    return {"steps": [step], "fee": {"kind": "none"}}


def _fields_for_page(step, data, errors, extra_rows, stored_files, locked_keys):
    fields = form_context(_part(step), data, errors, extra_rows)["steps"][0]["fields"]
    on_page = _step_keys(step)
    shown = []
    for item in fields:
        condition = item["spec"].get("visible_when")
        if condition and condition["field"] not in on_page:
            # Decided by an answer on another step: the server shows it or leaves it out.
            if not item["shown"]:
                continue
            item["condition"] = ""
        item["stored_file"] = stored_files.get(item["key"])
        item["identity_locked"] = item["key"] in locked_keys
        shown.append(item)
    return shown


def _progress(definition, current_index):
    return [
        {"title": s.get("title", ""), "key": s["key"], "state": _state(i, current_index)}
        for i, s in enumerate(definition["steps"])
    ]


def _state(index, current):
    if index < current:
        return "done"
    return "current" if index == current else "todo"


def _render_step(request, draft, definition, index, data, errors, extra_rows=None, status=200):
    step = definition["steps"][index]
    locked_keys = set(identity_fields(definition)) if requires_identification(definition) else set()
    return render(
        request,
        "journey/step.html",
        {
            "municipality": draft.municipality,
            "draft": draft,
            "customisation": draft.submission.revision.customisation,
            "definition": definition,
            "step": step,
            "step_number": index + 1,
            "step_count": len(definition["steps"]),
            "is_first": index == 0,
            "is_last": index == len(definition["steps"]) - 1,
            "progress": _progress(definition, index),
            "fields": _fields_for_page(
                step,
                data,
                errors,
                extra_rows or {},
                forms.draft_files(draft.submission),
                locked_keys,
            ),
            "error_count": len(errors),
            "cut_off": CUT_OFF_MESSAGE if forms.draft_expired(draft.submission) else "",
            "representation_problem": representation_problem(
                draft.representation, draft.submission.revision.customisation
            ),
        },
        status=status,
    )


def _apply_row_action(action, data, step_keys):
    """remove_row:<group>:<index> on the posted answers; returns True when it applied."""
    _name, _sep, rest = action.partition(":")
    group, _sep, index = rest.partition(":")
    rows = data.get(group)
    if group in step_keys and index.isdigit() and isinstance(rows, list):
        if int(index) < len(rows):
            del rows[int(index)]
            return True
    return False


@login_required
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
        if request.GET.get("ellenorzes"):
            errors, _cleaned = _check(_part(current), data, draft, _step_keys(current))
        return _render_step(request, draft, definition, index, data, errors)

    action = request.POST.get("action", "next")[:120]
    step_keys = _step_keys(current)
    # Only this step's answers come from the post; the identity fields never do.
    data.update(data_from_post(_part(current), request.POST))
    data.update(locked)
    errors = {}
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
    save_answers(draft, data, current["key"], request.user)

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


def _first_step_with_error(definition, errors):
    keys = {path.split(PATH_SEPARATOR, 1)[0] for path in errors}
    for step in definition.get("steps", []):
        if keys & _step_keys(step):
            return step["key"]
    return definition["steps"][0]["key"]


@login_required
def summary(request, slug, reference):
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
        "submitter_name": display_name(request.user),
        "representation_problem": representation_problem(draft.representation, customisation),
        "cut_off": CUT_OFF_MESSAGE if forms.draft_expired(submission) else "",
        "last_step": definition["steps"][-1]["key"],
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
        receipt = submit_draft(
            Actor.from_request(
                request,
                channel=Channel.PORTAL,
                municipality=municipality,
                on_behalf_of=draft.representation,
            ),
            draft,
            identity=identity,
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
    if isinstance(receipt, AwaitingPayment):
        # Stored, not registered: the fee is paid next, at the bank.
        return start_payment(request, receipt)
    messages.success(request, _("Your form was submitted and registered."))
    return HttpResponseRedirect(
        reverse("journey:receipt", args=[municipality.slug, receipt.submission.reference])
    )


@login_required
def drafts(request):
    purge_expired(request.user)
    return render(
        request,
        "journey/drafts.html",
        {
            "drafts": WizardDraft.objects.of_citizen(request.user).select_related(
                "municipality",
                "submission",
                "submission__revision",
                "submission__revision__customisation",
                "representation",
            ),
            "receipts": Receipt.objects.of_citizen(request.user)
            .select_related("municipality", "submission")
            .order_by("-created_at")[:50],
            "lifetime_days": draft_lifetime().days,
            "awaiting": awaiting_payments_of(request.user),
        },
    )


@login_required
@require_POST
def delete(request, slug, reference):
    municipality, draft, response = _load(request, slug, reference)
    if response is not None:
        return response
    discard(draft, request.user)
    messages.success(request, _("The draft was deleted with its files."))
    return HttpResponseRedirect(reverse("journey:drafts"))
