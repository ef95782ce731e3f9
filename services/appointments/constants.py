from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class BookingStatus(models.TextChoices):
    # An anonymous booker's slot, held until the e-mailed link confirms it (or it lapses).
    HELD = "held", _("awaiting e-mail confirmation")
    # "booked" alone is the ledger's word (könyvelve) in the catalogue.
    CONFIRMED = "confirmed", pgettext_lazy("appointment", "booked")
    ARRIVED = "arrived", _("arrived")
    NO_SHOW = "no_show", _("did not come")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("not confirmed in time")


# The statuses whose slot stays taken.
ACTIVE = (BookingStatus.HELD, BookingStatus.CONFIRMED, BookingStatus.ARRIVED, BookingStatus.NO_SHOW)


class EventKind(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("appointment", "booked")
    HELD = "held", _("held until confirmed")
    CONFIRMED = "confirmed", _("confirmed by e-mail")
    CANCELLED = "cancelled", _("cancelled")
    REBOOKED = "rebooked", _("moved to another time")
    EXPIRED = "expired", _("hold lapsed")
    ARRIVED = "arrived", _("marked arrived")
    NO_SHOW = "no_show", _("marked no-show")
    REMINDED = "reminded", _("reminder sent")
    ANONYMISED = "anonymised", _("personal data removed")
    BLOCKED = "blocked", _("slots blocked")
    UNBLOCKED = "unblocked", _("block removed")
