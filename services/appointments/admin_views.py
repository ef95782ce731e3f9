"""The officers' desk (the day's list, arrival, no-show, cancellation, blocked time) and the
site admins' set-up (offices, hours, closures, desks, matters and their questions), on the
officer workspace of sites.workspace: B's records are a 404 to anybody of A."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.access import officer_municipalities
from sites.actor import Actor, Channel
from sites.workspace import ActionView, ChooseMunicipalityView, MunicipalWorkspaceMixin, ObjectView

from . import services
from .admin_forms import (
    BlockForm,
    ClosureFormSet,
    DayForm,
    DeskFormSet,
    OfficeForm,
    PeriodFormSet,
    QuestionFormSet,
    ServiceForm,
)
from .models import BookableService, Booking, BookingEvent, Office, SlotBlock

VIEW = "appointments.view_booking"
SETUP = "appointments.change_office"


def _day_url(municipality, moment):
    day = timezone.localtime(moment).date().isoformat()
    return f"{reverse('appointments_admin:day', args=[municipality.pk])}?nap={day}"


def can_see_desk(user):
    return officer_municipalities(user, VIEW).exists()


def can_set_up(user):
    return officer_municipalities(user, SETUP).exists()


class DeskMixin:
    permission = VIEW
    index_url_name = "appointments_admin:index"
    workspace_label = gettext_lazy("Appointments")

    def actor(self):
        return Actor.from_request(
            self.request, channel=Channel.ADMIN, municipality=self.municipality
        )


class IndexView(DeskMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Appointments")
    home_url_name = "appointments_admin:day"


class DayView(DeskMixin, MunicipalWorkspaceMixin, TemplateView):
    template_name = "appointments/admin/day.html"
    page_title = gettext_lazy("Day's appointments")

    def get_context_data(self, **kwargs):
        form = DayForm(self.request.GET or None, municipality=self.municipality)
        day, office = timezone.localdate(), None
        if form.is_valid():
            day = form.cleaned_data["nap"] or day
            office = form.cleaned_data["iroda"]
        bookings, blocks = services.day_list(self.municipality, day, office)
        kwargs.update(
            form=form,
            day=day,
            bookings=bookings,
            blocks=blocks,
            block_form=kwargs.get("block_form")
            or BlockForm(municipality=self.municipality, initial={"day": day}),
        )
        return super().get_context_data(**kwargs)


class BookingView(DeskMixin, ObjectView):
    """One booking with its history; POST arrived / no_show / cancel."""

    template_name = "appointments/admin/booking.html"
    page_title = gettext_lazy("Appointment")
    pk_url_kwarg = "booking_id"
    context_object_name = "booking"
    actions = {"arrived": "arrived", "no_show": "no_show", "cancel": "cancel"}

    def get_object_queryset(self):
        return Booking.objects.for_municipality(self.municipality).select_related(
            "office", "service", "desk"
        )

    def get_context_data(self, **kwargs):
        kwargs["events"] = (
            BookingEvent.objects.for_municipality(self.municipality)
            .filter(booking=self.object)
            .select_related("user")
        )
        return super().get_context_data(**kwargs)

    def _run(self, operation, booking, done):
        try:
            operation(self.actor(), booking)
        except services.BookingError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, done)
        return redirect(_day_url(self.municipality, booking.starts_at))

    def arrived(self, booking):
        return self._run(services.mark_arrived, booking, _("Marked as arrived."))

    def no_show(self, booking):
        return self._run(services.mark_no_show, booking, _("Marked as not come."))

    def cancel(self, booking):
        return self._run(
            services.cancel, booking, _("The appointment is cancelled; the client gets an e-mail.")
        )


class BlockView(DeskMixin, ActionView):
    """POST: take a desk's time out of booking."""

    permission = VIEW
    required_permission = "appointments.add_slotblock"
    template_name = "appointments/admin/day.html"
    default_action = "block"
    actions = {"block": "block"}

    def block(self):
        form = BlockForm(self.request.POST, municipality=self.municipality)
        if form.is_valid():
            starts, ends = form.span()
            try:
                services.block(
                    self.actor(),
                    form.cleaned_data["desk"],
                    starts,
                    ends,
                    reason=form.cleaned_data["reason"],
                )
            except services.BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(self.request, _("The time is blocked."))
                return redirect(_day_url(self.municipality, starts))
        view = DayView(request=self.request, kwargs=self.kwargs, args=())
        view.municipality = self.municipality
        context = view.get_context_data(block_form=form)
        return self.response_class(
            request=self.request, template=[self.template_name], context=context, status=400
        )


class UnblockView(DeskMixin, ActionView):
    required_permission = "appointments.add_slotblock"
    default_action = "unblock"
    actions = {"unblock": "unblock"}

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Another municipality's block is a 404 whatever the method.
        get_object_or_404(
            SlotBlock.objects.for_municipality(self.municipality), pk=kwargs["block_id"]
        )
        return super().http_method_not_allowed(request, *args, **kwargs)

    def unblock(self):
        slot_block = get_object_or_404(
            SlotBlock.objects.for_municipality(self.municipality).select_related("desk"),
            pk=self.kwargs["block_id"],
        )
        starts = slot_block.starts_at
        services.unblock(self.actor(), slot_block)
        messages.success(self.request, _("The block is removed."))
        return redirect(_day_url(self.municipality, starts))


# -- the site admin's set-up


class SetupMixin(DeskMixin):
    permission = SETUP
    index_url_name = "appointments_admin:setup_index"
    workspace_label = gettext_lazy("Appointment set-up")


class SetupIndexView(SetupMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Appointment set-up")
    home_url_name = "appointments_admin:setup"


class SetupView(SetupMixin, MunicipalWorkspaceMixin, TemplateView):
    template_name = "appointments/admin/setup.html"
    page_title = gettext_lazy("Appointment set-up")

    def get_context_data(self, **kwargs):
        kwargs["offices"] = Office.objects.for_municipality(self.municipality)
        kwargs["matters"] = BookableService.objects.for_municipality(
            self.municipality
        ).select_related("office")
        return super().get_context_data(**kwargs)


class EditView(SetupMixin, MunicipalWorkspaceMixin, TemplateView):
    """A record with its inline rows; new when the URL names none."""

    template_name = "appointments/admin/edit.html"
    model = None
    form_class = None
    formsets = ()
    pk_url_kwarg = None

    def get_object(self):
        pk = self.kwargs.get(self.pk_url_kwarg)
        if pk is None:
            return self.model(municipality=self.municipality)
        return get_object_or_404(self.model.objects.for_municipality(self.municipality), pk=pk)

    def build(self, data=None):
        record = self.get_object()
        kwargs = {"instance": record}
        if self.form_class is ServiceForm:
            kwargs["municipality"] = self.municipality
        form = self.form_class(data, **kwargs)
        sets = [
            (label, formset(data, instance=record, prefix=prefix))
            for label, prefix, formset in self.formsets
        ]
        return record, form, sets

    def get(self, request, *args, **kwargs):
        record, form, sets = self.build()
        return self.render_to_response(self.get_context_data(record=record, form=form, sets=sets))

    def post(self, request, *args, **kwargs):
        record, form, sets = self.build(request.POST)
        if form.is_valid() and all(formset.is_valid() for _label, formset in sets):
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.municipality = self.municipality
                saved.save()
                if hasattr(form, "save_desks"):
                    form.save_desks(saved)
                for _label, formset in sets:
                    formset.instance = saved
                    for row in formset.save(commit=False):
                        row.municipality = self.municipality
                        row.save()
                    for row in formset.deleted_objects:
                        row.delete()
            messages.success(request, _("Saved."))
            return redirect("appointments_admin:setup", self.municipality.pk)
        context = self.get_context_data(record=record, form=form, sets=sets)
        return self.render_to_response(context, status=400)

    def render_to_response(self, context, status=200, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response.status_code = status
        return response


class OfficeEditView(EditView):
    page_title = gettext_lazy("Office")
    model = Office
    form_class = OfficeForm
    pk_url_kwarg = "office_id"
    formsets = (
        (gettext_lazy("Opening hours"), "hours", PeriodFormSet),
        (gettext_lazy("Closures"), "closures", ClosureFormSet),
        (gettext_lazy("Officers and desks"), "desks", DeskFormSet),
    )


class ServiceEditView(EditView):
    page_title = gettext_lazy("Bookable matter")
    model = BookableService
    form_class = ServiceForm
    pk_url_kwarg = "matter_id"
    formsets = ((gettext_lazy("Questions before booking"), "questions", QuestionFormSet),)
