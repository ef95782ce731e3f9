from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ...visibility import without_private_sections
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def official_decree_number(number, promulgated_on):
    """The citation form of a local decree: "12/2026. (III. 5.)" — the month in Roman
    numerals, as Hungarian legislation cites it."""
    return (
        f"{number}/{promulgated_on.year}. "
        f"({ROMAN_MONTHS[promulgated_on.month - 1]}. {promulgated_on.day}.)"
    )


class DecreeIndexPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = ["municipal.DecreePage"]

    class Meta:
        verbose_name = _("local decrees index")
        verbose_name_plural = _("local decrees indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        decrees = without_private_sections(DecreePage.objects.child_of(self).live()).order_by(
            "-promulgated_on", "-number"
        )
        show = request.GET.get("hatalyos")
        if show == "1":
            today = timezone.localdate()
            decrees = decrees.filter(in_force_from__lte=today).filter(
                models.Q(in_force_until__isnull=True) | models.Q(in_force_until__gte=today)
            )
        context.update(decrees=decrees, only_in_force=show == "1")
        return context


class DecreePage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    """A local decree (önkormányzati rendelet) with its consolidated text."""

    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    promulgated_on = models.DateField(
        _("promulgated on"), help_text=_("The date in the decree's number, e.g. 2026. III. 5.")
    )
    in_force_from = models.DateField(_("in force from"))
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    amends = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="amended_by",
        verbose_name=_("amends"),
    )
    consolidated_text = RichTextField(_("consolidated text"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("PDF"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("promulgated_on")]),
                FieldRowPanel([FieldPanel("in_force_from"), FieldPanel("in_force_until")]),
            ],
            heading=_("Number and validity"),
        ),
        FieldPanel("amends"),
        FieldPanel("consolidated_text"),
        FieldPanel("document"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("consolidated_text"),
        index.FilterField("promulgated_on"),
    ]
    parent_page_types = ["municipal.DecreeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("local decree")
        verbose_name_plural = _("local decrees")

    @property
    def official_number(self):
        if not (self.number and self.promulgated_on):
            return ""
        return official_decree_number(self.number, self.promulgated_on)

    def is_in_force(self, day=None):
        day = day or timezone.localdate()
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )

    def clean(self):
        super().clean()
        if self.in_force_until and self.in_force_from and self.in_force_until < self.in_force_from:
            raise ValidationError(
                {"in_force_until": _("A decree cannot cease to be in force before it starts.")}
            )
        parent = self.get_parent() if self.path else None
        if parent is not None and self.number and self.promulgated_on:
            clash = (
                DecreePage.objects.child_of(parent)
                .filter(number=self.number, promulgated_on__year=self.promulgated_on.year)
                .exclude(pk=self.pk)
            )
            if clash.exists():
                raise ValidationError(
                    {
                        "number": _(
                            "This municipality already has a decree with this number in this year."
                        )
                    }
                )
