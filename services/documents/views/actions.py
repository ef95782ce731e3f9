"""Every change of a case: one POST endpoint, ``…/ugy/<id>/<action>/``, each action a small
handler through services (the case view's action table, sites.workspace.ObjectView). A
handler raises ``DocumentsError`` or ``_Invalid`` to show the officer what to fix; either
way the officer lands back on the case."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.hungarian import format_number, user_name
from sites.workspace import ObjectView

from .. import access, auditing, decisions, services
from ..constants import AuditAction, DecisionKind
from ..forms import (
    CloseForm,
    CorrectionForm,
    DecisionForm,
    OutgoingForm,
    RegisterDocumentForm,
    RequestInformationForm,
    ResumeForm,
    SuspendForm,
)
from ..models import Document
from .base import CaseMixin

# Actions that distribute work rather than do it: whoever may assign, not only the handler.
ASSIGNING = {"assign", "restrict", "relate"}


class _Invalid(Exception):
    def __init__(self, form):
        self.form = form


def _number(document):
    return {"number": document.registry_number}


class CaseActionView(CaseMixin, ObjectView):
    http_method_names = ["post"]
    actions = {
        "assign": "handle_assign",
        "take": "handle_take",
        "start": "handle_start",
        "reply": "handle_reply",
        "decide": "handle_decide",
        "request_info": "handle_request_info",
        "resume": "handle_resume",
        "suspend": "handle_suspend",
        "register": "handle_register",
        "correct": "handle_correct",
        "close": "handle_close",
        "restrict": "handle_restrict",
        "relate": "handle_relate",
    }

    # The document a correction is about (…/irat/<id>/helyesbites/).
    document = None

    def get_object(self):
        case = super().get_object()
        if "registry_document_id" in self.kwargs:
            # A document the URL names is found with its case, before anything else: another
            # case's is a 404 like another municipality's.
            self.document = get_object_or_404(
                Document.objects.for_municipality(self.municipality).filter(case=case),
                pk=self.kwargs["registry_document_id"],
            )
        return case

    def perform(self, handler):
        request = self.request
        action = self.action_name()
        case = self.object
        allowed = (
            access.can_assign(request.user, case)
            if action in ASSIGNING
            else access.can_handle(request.user, case)
        )
        if not allowed:
            auditing.record(
                AuditAction.DENIED,
                municipality_id=self.municipality.pk,
                actor=self.actor,
                case=case,
                detail=action,
            )
            messages.error(request, _("Only the handling officer can do this."))
            return redirect(self.case_url(case))
        try:
            handler(case)
        except services.DocumentsError as error:
            messages.error(request, str(error))
        except _Invalid as invalid:
            for field, errors in invalid.form.errors.items():
                label = invalid.form.fields[field].label if field in invalid.form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
        return redirect(self.case_url(case))

    def data(self, form_class, prefix=None):
        form = form_class(self.request.POST, self.request.FILES, prefix=prefix)
        if not form.is_valid():
            raise _Invalid(form)
        return form.cleaned_data

    @property
    def who(self):
        return {"user": self.request.user, "actor": self.actor}

    def done(self, message, **values):
        messages.success(self.request, message % values if values else message)

    # -- the handlers

    def handle_assign(self, case):
        officer = (
            access.officers_of(self.municipality)
            .filter(pk=self.request.POST.get("officer") or 0)
            .first()
        )
        if officer is None:
            raise services.DocumentsError(_("Choose an officer of this municipality."))
        services.assign(case, officer, **self.who)
        self.done(_("Assigned to %(name)s."), name=user_name(officer))

    def handle_take(self, case):
        services.assign(case, self.request.user, **self.who)
        self.done(_("The case is yours now."))

    def handle_start(self, case):
        services.start(case, **self.who)

    def handle_reply(self, case):
        data = self.data(OutgoingForm)
        document = services.reply(
            case, subject=data["subject"], text=data["text"], files=data["files"], **self.who
        )
        self.done(_("Reply registered under %(number)s."), **_number(document))

    def handle_decide(self, case):
        services.require_decidable(case)
        data = self.data(DecisionForm, prefix="decide")
        user = self.request.user
        pdf, _statement = decisions.draw(
            case,
            kind=data["kind"],
            subject=data["subject"],
            operative_part=data["operative_part"],
            reasons=data["reasons"],
            legal_remedy=data["legal_remedy"],
            issuer=user.get_full_name() or user.get_username(),
            request=self.request,
        )
        document = services.decide(
            case,
            subject=f"{DecisionKind(data['kind']).label}: {data['subject']}",
            text=data["text"] or data["operative_part"],
            files=[decisions.decision_file(case, pdf), *data["files"]],
            **self.who,
        )
        self.done(_("Decision registered under %(number)s."), **_number(document))
        if case.decided_late:
            messages.warning(
                self.request,
                _("The decision is late: %(amount)s Ft is owed to the client.")
                % {"amount": format_number(case.late_refund or 0)},
            )

    def handle_request_info(self, case):
        data = self.data(RequestInformationForm)
        services.request_information(
            case,
            text=data["text"],
            client_deadline=data["client_deadline"],
            files=data["files"],
            **self.who,
        )
        self.done(_("The request was registered; the deadline is paused."))

    def handle_suspend(self, case):
        data = self.data(SuspendForm)
        document = services.suspend(
            case, reason=data["reason"], text=data["text"], files=data["files"], **self.who
        )
        self.done(
            _("The order was registered under %(number)s; the deadline is paused."),
            **_number(document),
        )

    def handle_resume(self, case):
        data = self.data(ResumeForm)
        services.resume(case, text=data["text"], files=data["files"], **self.who)
        if case.deadline_at:
            self.done(
                _("The deadline runs again: it is now %(date)s."),
                date=timezone.localtime(case.deadline_at).strftime("%Y.%m.%d."),
            )
        else:
            self.done(_("The deadline runs again."))

    def handle_register(self, case):
        data = self.data(RegisterDocumentForm)
        if not case.is_open:
            raise services.DocumentsError(_("Documents are registered in open cases only."))
        document = services.register_document(
            case,
            direction=data["direction"],
            subject=data["subject"],
            correspondent=data["correspondent"],
            text=data["text"],
            files=data["files"],
            **self.who,
        )
        self.done(_("Registered under %(number)s."), **_number(document))

    def handle_correct(self, case):
        if self.document is None:  # …/ugy/<id>/correct/ names no document to correct
            raise Http404
        data = self.data(CorrectionForm)
        document = services.correct(
            self.document,
            subject=data["subject"],
            text=data["text"],
            files=data["files"],
            **self.who,
        )
        self.done(_("Correction registered under %(number)s."), **_number(document))

    def handle_close(self, case):
        data = self.data(CloseForm)
        services.close(case, note=data["note"], **self.who)
        self.done(_("The case is closed."))

    def handle_restrict(self, case):
        services.set_restricted(case, self.request.POST.get("restricted") == "1", **self.who)

    def handle_relate(self, case):
        number = self.request.POST.get("number", "").strip()[:40]
        other = self.cases().filter(registry_number=number).first()
        if other is None:
            raise services.DocumentsError(
                _("There is no case with this number: %(number)s.") % {"number": number or "—"}
            )
        services.relate(case, other, **self.who)
