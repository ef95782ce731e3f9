from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def _check_times(opens, closes, field="closes"):
    if opens and closes and closes <= opens:
        raise ValidationError({field: _("Closing time must be after opening time.")})


class CustomerServicePage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    """Ügyfélfogadás: when and where the office receives clients, and who works there."""

    intro = RichTextField(_("introduction"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("address"),
        InlinePanel("opening_hours", heading=_("Opening hours"), label=_("Opening hours")),
        InlinePanel("exceptions", heading=_("Exceptions"), label=_("Exception")),
        InlinePanel("staff", heading=_("Office staff"), label=_("Staff member")),
    ]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("customer service page")
        verbose_name_plural = _("customer service pages")

    def upcoming_exceptions(self):
        return self.exceptions.filter(date__gte=timezone.localdate()).order_by("date")


class OpeningHours(Orderable):
    page = ParentalKey(CustomerServicePage, related_name="opening_hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    panels = [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")

    def clean(self):
        _check_times(self.opens, self.closes)


class OpeningException(Orderable):
    page = ParentalKey(CustomerServicePage, related_name="exceptions", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("reason"), max_length=120, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("closed"),
        FieldPanel("opens"),
        FieldPanel("closes"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("exception")

    def clean(self):
        if not self.closed and not (self.opens and self.closes):
            raise ValidationError(
                {"opens": _("Give the opening and closing time, or tick closed.")}
            )
        _check_times(self.opens, self.closes)


class OfficeStaff(Orderable):
    page = ParentalKey(CustomerServicePage, related_name="staff", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    room = models.CharField(_("room"), max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("room"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("staff member")
