"""A municipality's customer-service offices, what can be booked there, and the bookings.

Double booking is prevented by the database, not by a check before the insert: every
booking and every officer's block claims the office's time units (``Office.slot_minutes``)
it covers on one desk, one ``SlotClaim`` row each, and ``(desk, starts_at)`` is unique. Two
requests racing for the same desk and time both insert; PostgreSQL lets one commit and
refuses the other, whose transaction rolls back whole (services/booking.py)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantManager, TenantOwnedModel, TenantQuerySet

from .constants import BookingStatus, EventKind, Weekday


def link_validator(value):
    # A path on the municipality's own site stays right when its address or port changes.
    if not (value.startswith("/") and not value.startswith("//")) and not value.startswith(
        ("https://", "http://")
    ):
        raise ValidationError(_("Give an address starting with / or https://."))


class ScopedByParentQuerySet(TenantQuerySet):
    """A filter on a parent record that is itself a municipality's (``office=office``, as
    a reverse relation or an inline formset filters) is scoped: that parent was reached
    through its municipality's scope. An id typed into a filter (``office_id=…``) is not."""

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        if not negate and any(
            "__" not in key and isinstance(value, TenantOwnedModel) and value.pk
            for key, value in kwargs.items()
        ):
            clone._tenant_scoped = True
        return clone


class AppointmentModel(TenantOwnedModel):
    objects = TenantManager.from_queryset(ScopedByParentQuerySet)()

    class Meta:
        abstract = True


class Office(AppointmentModel):
    """Ügyfélszolgálat: a place where clients are received by appointment."""

    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    # The grid of bookable times: every service's duration is a multiple of it.
    slot_minutes = models.PositiveSmallIntegerField(_("time unit (minutes)"), default=15)
    days_ahead = models.PositiveSmallIntegerField(_("bookable days ahead"), default=30)
    active = models.BooleanField(_("taking bookings"), default=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.slot_minutes and (self.slot_minutes < 5 or 60 % self.slot_minutes):
            raise ValidationError({"slot_minutes": _("Use 5, 10, 15, 20, 30 or 60 minutes.")})


class OpeningPeriod(AppointmentModel):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="periods")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        ordering = ["weekday", "opens"]

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class Closure(AppointmentModel):
    """A day the office does not receive clients beyond the public holidays (which the
    working-day calendar knows): training, moving, a staff day."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("closure")
        ordering = ["date"]


class Desk(AppointmentModel):
    """An officer or a window (ablak) that receives one client at a time."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="desks")
    name = models.CharField(_("officer or desk"), max_length=120)
    active = models.BooleanField(_("receiving clients"), default=True)

    class Meta:
        verbose_name = _("desk")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BookableService(AppointmentModel):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("matter"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=15)
    desks = models.ManyToManyField(Desk, related_name="services", verbose_name=_("desks"))
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    # Where the matter can be done without coming in (a published form), if it can.
    online_url = models.CharField(
        _("online instead (address of the form)"),
        max_length=300,
        blank=True,
        validators=[link_validator],
        help_text=_("An address on this site (/urlapok/…) or a full https:// address."),
    )
    active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("bookable matter")
        verbose_name_plural = _("bookable matters")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def desk_list(self):
        # Not self.desks.all(): a many-to-many manager filters by id, which is no scope.
        return Desk.objects.for_municipality(self.municipality_id).filter(services=self)


class TriageQuestion(AppointmentModel):
    """A question shown before booking; a "yes" answer means the advice applies (bring
    this, or do it online at the link instead)."""

    service = models.ForeignKey(BookableService, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(_("question"), max_length=200)
    advice = models.CharField(_("advice if yes"), max_length=300)
    link_url = models.CharField(_("link"), max_length=300, blank=True, validators=[link_validator])
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question before booking")
        ordering = ["position", "pk"]


class Booking(AppointmentModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="bookings")
    service = models.ForeignKey(BookableService, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=16, choices=BookingStatus.choices)
    # Personal data, no more than the office needs to receive the client and reach them;
    # emptied APPOINTMENTS_RETENTION_DAYS after the appointment (services/retention.py).
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    # The e-mailed link is an HMAC of the booking and this key under SECRET_KEY
    # (services/links.py): the database alone never holds a working link, and the link can
    # be written again into the reminder.
    link_key = models.CharField(max_length=32)
    hold_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.reference} {self.service.name}"

    @property
    def reference(self):
        return f"IDP-{self.pk:06d}"

    @property
    def duration(self):
        return self.ends_at - self.starts_at


class SlotBlock(AppointmentModel):
    """Time an officer took out of booking (a meeting, a sick day)."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="blocks")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=160, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("blocked time")
        ordering = ["starts_at"]


class SlotClaim(AppointmentModel):
    """One time unit of one desk, taken by a booking or a block. The unique constraint is
    what keeps two bookings off the same desk at the same time, under any concurrency."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    booking = models.ForeignKey(Booking, null=True, on_delete=models.CASCADE, related_name="claims")
    block = models.ForeignKey(SlotBlock, null=True, on_delete=models.CASCADE, related_name="claims")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk", "starts_at"], name="appointments_one_claim"),
            models.CheckConstraint(
                condition=models.Q(booking__isnull=False) ^ models.Q(block__isnull=False),
                name="appointments_claim_owner",
            ),
        ]


class BookingEvent(AppointmentModel):
    """Append-only history: every change of a booking or a block, who and through what."""

    booking = models.ForeignKey(Booking, null=True, on_delete=models.CASCADE, related_name="events")
    block = models.ForeignKey(SlotBlock, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("A booking event is never changed.")
        super().save(*args, **kwargs)


def minutes(value):
    return datetime.timedelta(minutes=value)
