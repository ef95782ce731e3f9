"""Bank statements in the tax officers' workspace: the upload of an MT940 or camt.053 file,
the imports made so far (who, when, what they did), one import's items, and the unmatched
queue where the officer assigns a waiting transfer to a taxpayer, returns it to the payer
or closes it with a note.

The file is checked before the service reads it, as every upload of the platform is
(sites.filetypes): its name must be a statement's and its content what the name says
(inert XML for camt.053, text with the MT940 fields for the rest). The service then reads
the whole file and refuses it whole on any error, so a broken file books nothing; the
officer gets the errors by item and line, in Hungarian. Re-importing books nothing twice
(services.import_statement keys every item) and the result page says so.

An action on a queued item is asked twice: the first POST shows what is about to happen,
the second (``confirmed``) does it; the service records who decided, when and why."""

import logging
from xml.etree.ElementTree import ParseError

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites import filetypes
from sites.access import has_perm_in
from sites.hungarian import format_money
from sites.workspace import ActionView, ListView, ObjectView

from . import services
from .admin_views import MunicipalMixin
from .constants import StatementItemState, TaxType
from .models import StatementImport, StatementItem

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "tax.add_statementimport"
DECIDE_PERMISSION = "tax.change_statementitem"
# The names a bank's export has: MT940 as .sta/.mt940/.940/.txt, camt.053 as .xml.
MT940_EXTENSIONS = ("sta", "mt940", "940", "txt")
STATEMENT_EXTENSIONS = (*MT940_EXTENSIONS, "xml")
# The service refuses larger files too (TAX_STATEMENT_MAX_BYTES); checked here first so
# that a huge upload is not read into memory only to be refused.
DEFAULT_MAX_MB = 100
# What the parsers may raise on a file they do not expect, beyond StatementError: the
# import is one transaction, so nothing of such a file is booked either.
UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, ParseError)


def max_bytes():
    return getattr(settings, "TAX_STATEMENT_MAX_BYTES", DEFAULT_MAX_MB * 1024 * 1024)


def _looks_like_mt940(upload):
    """Text with an MT940 statement's fields, not a binary file renamed."""
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    return b"\x00" not in head and (b":20:" in head or b":61:" in head)


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Statement file"),
        help_text=gettext_lazy(
            "SWIFT MT940 (.sta, .mt940, .940, .txt) or ISO 20022 camt.053 (.xml), as the "
            "bank exports it."
        ),
        error_messages={"required": gettext_lazy("Choose the statement file to import.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_bytes()
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: at most %(max)d MB is accepted. Split the statement.")
                % {"max": limit // (1024 * 1024)}
            )
        extension = filetypes.extension_of(upload.name)
        if extension == "xml":
            ok = filetypes.is_kind(upload, "xml")
        else:
            ok = extension in MT940_EXTENSIONS and _looks_like_mt940(upload)
        if not ok:
            raise forms.ValidationError(
                _(
                    "This is not a bank statement file. Upload an MT940 statement "
                    "(%(mt940)s) or a camt.053 statement (.xml)."
                )
                % {"mt940": ", ".join(f".{e}" for e in MT940_EXTENSIONS)}
            )
        return upload


class StatementMixin(MunicipalMixin):
    def imports(self):
        return StatementImport.objects.for_municipality(self.municipality).select_related(
            "imported_by"
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "can_import", has_perm_in(self.request.user, IMPORT_PERMISSION, self.municipality)
        )
        kwargs.setdefault(
            "can_decide", has_perm_in(self.request.user, DECIDE_PERMISSION, self.municipality)
        )
        kwargs.setdefault("waiting_count", services.unmatched_queue(self.municipality).count())
        return super().get_context_data(**kwargs)


class StatementImportListView(StatementMixin, ListView):
    template_name = "tax/admin/statements.html"
    page_title = gettext_lazy("Bank statements")
    page_size = 25

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return self.imports().order_by("-imported_at", "-pk")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("upload_form", StatementUploadForm())
        return super().get_context_data(**kwargs)


class StatementUploadView(StatementMixin, ActionView):
    template_name = "tax/admin/statements.html"
    page_title = gettext_lazy("Bank statements")
    required_permission = IMPORT_PERMISSION
    actions = {"import": "upload"}
    default_action = "import"

    def upload(self):
        form = StatementUploadForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = services.import_statement(
                    self.municipality,
                    upload.read(),
                    file_name=upload.name,
                    actor=self.actor(),
                )
            except services.StatementError as error:
                for problem in error.errors[:50]:
                    form.add_error(None, problem)
                if len(error.errors) > 50:
                    form.add_error(
                        None, _("… and %(count)d more.") % {"count": len(error.errors) - 50}
                    )
            except UNREADABLE:
                logger.warning("Unreadable statement file %s", upload.name, exc_info=True)
                form.add_error(
                    None,
                    _("The file cannot be read as a bank statement; nothing was booked."),
                )
            else:
                return redirect("tax_admin:statement", self.municipality.pk, record.pk)
        return self.render_to_response(self.get_list_context(form), status=400)

    def get_list_context(self, form):
        imports = self.imports().order_by("-imported_at", "-pk")
        page = Paginator(imports, StatementImportListView.page_size).get_page(1)
        return self.get_context_data(
            upload_form=form, page=page, records=list(page.object_list), query_string=""
        )


class StatementImportView(StatementMixin, ObjectView):
    """What one import did: its counts, the imports of the same file before, and its items."""

    template_name = "tax/admin/statement.html"
    page_title = gettext_lazy("Statement import")
    pk_url_kwarg = "statement_id"
    context_object_name = "statement"
    page_size = 100

    def get_object_queryset(self):
        return self.imports()

    def get_page_subtitle(self):
        return self.object.file_name

    def get_context_data(self, **kwargs):
        record = self.object
        items = services.statement_items(record).select_related("taxpayer").order_by("number")
        page = Paginator(items, self.page_size).get_page(self.request.GET.get("p"))
        same_file = self.imports().filter(sha256=record.sha256).exclude(pk=record.pk)
        return super().get_context_data(
            page=page,
            items=list(page.object_list),
            query_string="",
            debit_count=items.filter(credit=False).count(),
            earlier=same_file.filter(imported_at__lte=record.imported_at).order_by("-pk")[:5],
            nothing_new=record.item_count and record.duplicate_count == record.item_count,
            **kwargs,
        )


# -- the unmatched queue


class UnmatchedQueueView(StatementMixin, ListView):
    template_name = "tax/admin/unmatched.html"
    page_title = gettext_lazy("Unmatched transfers")
    page_size = 50

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return services.unmatched_queue(self.municipality).select_related("statement_import")


class ItemSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Find the taxpayer"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Name, tax identification number, tax number or parcel number."),
    )


class AssignForm(forms.Form):
    taxpayer = forms.IntegerField(
        label=gettext_lazy("Taxpayer"),
        error_messages={"required": gettext_lazy("Choose the taxpayer who paid.")},
    )
    tax_type = forms.ChoiceField(label=gettext_lazy("Tax type"), choices=TaxType.choices)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Write down why.")},
    )


class StatementItemView(StatementMixin, ObjectView):
    """One item of a statement; while it waits, the officer's three decisions on it."""

    template_name = "tax/admin/statement_item.html"
    page_title = gettext_lazy("Statement item")
    pk_url_kwarg = "statement_item_id"
    context_object_name = "item"
    actions = {"assign": "assign", "return": "give_back", "close": "close"}

    def get_object_queryset(self):
        return StatementItem.objects.for_municipality(self.municipality).select_related(
            "statement_import", "taxpayer", "decided_by", "payment"
        )

    def get_page_subtitle(self):
        return f"{self.object.amount} Ft – {self.object.booked_on:%Y.%m.%d.}"

    def perform(self, handler):
        if not has_perm_in(self.request.user, DECIDE_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def candidates(self, query):
        if not query:
            return []
        found = list(services.search_taxpayers(self.municipality, query)[:10])
        details = services.current_details(self.municipality, found)
        for taxpayer in found:
            taxpayer.current = details.get(taxpayer.pk)
        return found

    def get_context_data(self, **kwargs):
        item = self.object
        search = ItemSearchForm(self.request.GET or None)
        query = search.cleaned_data["q"].strip() if search.is_valid() else ""
        kwargs.setdefault("search_form", search)
        kwargs.setdefault("candidates", self.candidates(query))
        kwargs.setdefault("query", query)
        kwargs.setdefault(
            "assign_form", AssignForm(initial={"tax_type": item.tax_type or TaxType.BUILDING})
        )
        kwargs.setdefault("return_form", NoteForm(prefix="return"))
        kwargs.setdefault("close_form", NoteForm(prefix="close"))
        kwargs.setdefault("waiting", item.state == StatementItemState.WAITING)
        kwargs.setdefault("taxpayer_name", self._name(item.taxpayer))
        return super().get_context_data(**kwargs)

    def _name(self, taxpayer):
        if taxpayer is None:
            return ""
        details = services.current_details(self.municipality, [taxpayer]).get(taxpayer.pk)
        return details.name if details else taxpayer.identifier

    def _confirmed(self):
        return self.request.POST.get("confirmed") == "yes"

    def _confirm(self, action, summary, fields):
        """The page that asks before acting, with what was posted carried over."""
        return self.render_to_response(
            self.get_context_data(confirm={"action": action, "summary": summary, "fields": fields})
        )

    def _done(self, message):
        messages.success(self.request, message)
        return redirect("tax_admin:unmatched", self.municipality.pk)

    def _refused(self, error, **forms_):
        messages.error(self.request, str(error))
        return self.render_to_response(self.get_context_data(**forms_), status=400)

    def assign(self, item):
        form = AssignForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(assign_form=form), status=400)
        taxpayer = self.taxpayers().filter(pk=form.cleaned_data["taxpayer"]).first()
        if taxpayer is None:
            form.add_error("taxpayer", _("Choose the taxpayer who paid."))
            return self.render_to_response(self.get_context_data(assign_form=form), status=400)
        tax_type = form.cleaned_data["tax_type"]
        if not self._confirmed():
            summary = _(
                "Book %(amount)s as the %(tax_type)s payment of %(name)s (%(identifier)s), "
                "on %(day)s?"
            ) % {
                "amount": _forints(item.amount),
                "tax_type": TaxType(tax_type).label.lower(),
                "name": self._name(taxpayer),
                "identifier": taxpayer.identifier,
                "day": f"{item.value_date:%Y.%m.%d.}",
            }
            return self._confirm("assign", summary, {"taxpayer": taxpayer.pk, "tax_type": tax_type})
        try:
            services.assign_statement_item(
                item, taxpayer=taxpayer, tax_type=tax_type, actor=self.actor()
            )
        except services.TaxError as error:
            return self._refused(error)
        return self._done(_("Booked to %(name)s and allocated.") % {"name": self._name(taxpayer)})

    def _with_note(self, item, action, prefix, service, question, done):
        form = NoteForm(self.request.POST, prefix=prefix)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(**{f"{prefix}_form": form}), status=400
            )
        note = form.cleaned_data["note"]
        if not self._confirmed():
            return self._confirm(action, question, {f"{prefix}-note": note})
        try:
            service(item, note=note, actor=self.actor())
        except services.TaxError as error:
            return self._refused(error)
        return self._done(done)

    def give_back(self, item):
        return self._with_note(
            item,
            "return",
            "return",
            services.return_statement_item,
            _("Record that %(amount)s is sent back to the payer?")
            % {"amount": _forints(item.amount)},
            _("Recorded as returned to the payer."),
        )

    def close(self, item):
        return self._with_note(
            item,
            "close",
            "close",
            services.close_statement_item,
            _("Close the item without booking anything?"),
            _("The item is closed."),
        )


def _forints(amount):
    return format_money(amount)
