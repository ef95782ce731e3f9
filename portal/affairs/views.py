"""Ügyeim: the signed-in citizen's cases, documents and mailbox.

Every record is reached through the citizen (``request.user``): their cases through the
registry's ``citizen`` module, their messages through ``for_recipient``. An id in the URL
that is not theirs — another citizen's case, another municipality's document — is a 404,
exactly like an id that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from services.documents import services as registry
from services.documents.constants import OPEN_STATUSES, CaseStatus, Direction
from services.intake import services as intake
from services.payments import services as payments
from services.payments.constants import SETTLED, Purpose
from sites.actor import Actor, Channel
from sites.downloads import file_download

from . import services
from .forms import AnswerForm, NotificationPreferenceForm
from .notifications import verified_address
from .tax_views import tax_overview

PAGE_SIZE = 25


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _actor(request):
    return Actor.from_request(request, channel=Channel.PORTAL)


def _with_files(documents_list):
    """Attach each document's stored files (one query per municipality involved)."""
    by_municipality = {}
    for document in documents_list:
        by_municipality.setdefault(document.municipality_id, []).append(document)
    for group in by_municipality.values():
        files = registry.files_of(group)
        for document in group:
            document.stored_files = files.get(document.pk, [])
    return documents_list


@login_required
def case_list(request):
    cases = _page(request, registry.cases_of(request.user))
    unread_by_case = {}
    for message in services.messages_of(request.user).filter(
        case_id__in=[case.pk for case in cases], first_opened_at__isnull=True
    ):
        unread_by_case[message.case_id] = unread_by_case.get(message.case_id, 0) + 1
    for case in cases:
        case.unread = unread_by_case.get(case.pk, 0)
        case.is_open_for_client = case.status in OPEN_STATUSES
        # Only the waiting ones (a few on a page) need to say by when to answer.
        if case.status == CaseStatus.WAITING:
            case.information_request = registry.open_request(case)
    return render(
        request,
        "affairs/case_list.html",
        {
            "cases": cases,
            "waiting": CaseStatus.WAITING,
            "section": "cases",
            # The one overview across municipalities: cases, payments and local taxes.
            "taxes": tax_overview(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, case_id):
    case = registry.case_of(request.user, case_id)
    if case is None:
        raise Http404
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, request.FILES)
        if case.status != CaseStatus.WAITING:
            form.add_error(None, _("This case is not waiting for your answer."))
        elif form.is_valid():
            try:
                document = registry.answer_request(
                    case,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                    user=request.user,
                    actor=_actor(request),
                )
            except registry.DocumentsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Your answer was registered under %(number)s; the office goes on with "
                        "your case."
                    )
                    % {"number": document.registry_number if document else case.registry_number},
                )
                return redirect("affairs:case", case.pk)
        status = 400
    case_documents = _with_files(list(registry.client_documents(case)))
    case_messages = list(services.messages_of(request.user).filter(case=case))
    message_by_document = {message.document_id: message for message in case_messages}
    for document in case_documents:
        document.message = message_by_document.get(document.pk)
    return render(
        request,
        "affairs/case_detail.html",
        {
            "case": case,
            "steps": registry.timeline(case),
            "information_request": registry.open_request(case),
            "case_documents": case_documents,
            "case_messages": case_messages,
            "form": form,
            "is_open": case.status in OPEN_STATUSES,
            "section": "cases",
        },
        status=status,
    )


@login_required
def download(request, case_id, file_id):
    """A file of the citizen's own document, served only if it still matches the SHA-256
    taken at registration; always as an attachment, never rendered by the browser."""
    case = registry.case_of(request.user, case_id)
    stored = registry.client_file(case, file_id) if case is not None else None
    if stored is None:
        raise Http404
    try:
        content = registry.open_verified(
            stored, case=case, user=request.user, actor=_actor(request)
        )
    except (registry.ChecksumMismatch, OSError) as error:
        return render(
            request,
            "affairs/file_error.html",
            {
                "case": case,
                "stored": stored,
                "mismatch": isinstance(error, registry.ChecksumMismatch),
            },
            status=503,
        )
    if stored.document.direction == Direction.OUTGOING:
        # Downloading a delivered document is opening it, whether or not the message was.
        message = services.messages_of(request.user).filter(document=stored.document).first()
        if message is not None and not message.is_read:
            services.open_message(message, actor=_actor(request))
    return file_download(content, stored.original_name, stored.content_type)


@login_required
def document_list(request):
    """The documents the offices sent to the citizen, newest first."""
    page = _page(request, services.messages_of(request.user))
    _with_files([message.document for message in page])
    return render(request, "affairs/document_list.html", {"items": page, "section": "documents"})


@login_required
def mailbox(request):
    page = _page(request, services.messages_of(request.user))
    return render(request, "affairs/mailbox.html", {"items": page, "section": "mailbox"})


@login_required
def message_detail(request, message_id):
    message = services.messages_of(request.user).filter(pk=message_id).first()
    if message is None:
        raise Http404
    services.open_message(message, actor=_actor(request))
    _with_files([message.document])
    information_request = registry.open_request(message.case)
    asks_for_answer = bool(
        information_request
        and information_request.document
        and information_request.document.pk == message.document_id
    )
    return render(
        request,
        "affairs/message_detail.html",
        {"message": message, "asks_for_answer": asks_for_answer, "section": "mailbox"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if request.method == "POST":
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            on = form.cleaned_data["email_notifications"]
            services.set_email_notifications(request.user, on)
            messages.success(
                request,
                _("E-mail notices are on.") if on else _("E-mail notices are off."),
            )
            return redirect("affairs:notifications")
    else:
        form = NotificationPreferenceForm(
            initial={"email_notifications": services.email_notifications_on(request.user)}
        )
    return render(
        request,
        "affairs/notifications.html",
        {
            "form": form,
            "address": verified_address(request.user),
            "section": "notifications",
        },
    )


def _open_amounts(user):
    """The citizen's applications (from any channel) whose fee is still to be paid."""
    items = []
    for awaiting in intake.awaiting_payment_of(user):
        amount = payments.open_amount(awaiting, Purpose.FORM_FEE)
        if amount > 0:
            awaiting.open_amount = amount
            items.append(awaiting)
    return items


@login_required
def payment_list(request):
    """The citizen's payments in every municipality, with what is still to be paid."""
    history = _page(request, payments.payments_of_payer(request.user))
    for payment in history:
        purpose = payments.purposes.get(payment.purpose)
        target = payment.target if purpose is not None else None
        payment.details_url = purpose().page_after(target) if target is not None else None
        payment.is_settled = payment.status in SETTLED
        payment.is_tax = payment.purpose == Purpose.TAX_BALANCE
        # A failed attempt whose fee was paid by a later one offers no "pay again".
        payment.target_open = (
            target is not None and payments.open_amount(target, payment.purpose) > 0
        )
    return render(
        request,
        "affairs/payment_list.html",
        {"payments": history, "open_items": _open_amounts(request.user), "section": "payments"},
    )
